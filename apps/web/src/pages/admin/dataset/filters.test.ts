import { describe, expect, it } from 'vitest';
import { changeFilters, NO_FILTERS, queryFromView, viewFromQuery } from './filters.ts';

describe('dataset browser filters in the address bar', () => {
  it('round-trips every filter, the page (counted from 1 in the URL) and the open example', () => {
    const view = {
      filters: { source: 'feedback_ratings', skill: 'linear-functions', rating: 2, reviewStatus: 'corrected', origin: 'real', search: 'slope', page: 3 } as const,
      exampleId: 'feedback_ratings:12',
    };
    const query = queryFromView(view);
    expect(query).toBe('?source=feedback_ratings&skill=linear-functions&rating=2&status=corrected&q=slope&page=4&example=feedback_ratings%3A12');
    expect(viewFromQuery(query)).toEqual(view);
  });

  it('leaves defaults out, and reads an empty query as the defaults', () => {
    expect(queryFromView({ filters: NO_FILTERS, exampleId: null })).toBe('');
    expect(viewFromQuery('')).toEqual({ filters: NO_FILTERS, exampleId: null });
    expect(viewFromQuery('?origin=synthetic&example=synthetic:help_requests:42:7')).toEqual({ filters: { origin: 'synthetic', page: 0 }, exampleId: 'synthetic:help_requests:42:7' });
  });

  it('drops values the API would refuse instead of failing the page', () => {
    const { filters, exampleId } = viewFromQuery('?source=emails&skill=not-a-skill&rating=9&status=maybe&origin=fake&page=-3&q=%20%20&example=../etc');
    expect(filters).toEqual(NO_FILTERS);
    expect(exampleId).toBeNull();
    expect(viewFromQuery(`?q=${'x'.repeat(201)}`).filters.search).toBeUndefined();
    expect(viewFromQuery('?page=abc').filters.page).toBe(0);
  });

  it('clears filters that stop meaning anything and goes back to the first page', () => {
    const rated = { ...NO_FILTERS, rating: 1, reviewStatus: 'approved', page: 2 } as const;
    expect(changeFilters(rated, { source: 'help_requests' })).toEqual({ origin: 'real', source: 'help_requests', reviewStatus: 'approved', page: 0 });
    expect(changeFilters(rated, { origin: 'synthetic' })).toEqual({ origin: 'synthetic', page: 0 });
    expect(changeFilters({ ...NO_FILTERS, search: 'x', skill: 'circles' }, { search: undefined })).toEqual({ origin: 'real', skill: 'circles', page: 0 });
    expect(changeFilters({ ...NO_FILTERS, page: 1 }, { page: 2 })).toEqual({ origin: 'real', page: 2 });
  });
});
