import { BrowseExamplesInput, ExampleIdInput, SKILLS } from '@satprep/domain';
import type { z } from 'zod';

/** What the browser asks for: the API's filters and page; the page size is fixed here. */
export type Filters = Omit<BrowseExamplesInput, 'pageSize'>;
export const PAGE_SIZE = 25;
export const NO_FILTERS: Filters = { origin: 'real', page: 0 };

/** The open example and the filters behind it, as the address bar holds them so a view can be shared or reloaded. */
export interface DatasetView {
  filters: Filters;
  exampleId: string | null;
}

const knownSkills = new Set<string>(SKILLS.map((s) => s.skill));
const valid = <S extends z.ZodType>(schema: S, raw: unknown): z.output<S> | undefined => {
  const result = schema.safeParse(raw);
  return result.success ? result.data : undefined;
};
const numberOrUndefined = (raw: string | null) => (raw === null || raw.trim() === '' ? undefined : Number(raw));

/**
 * Reads a view from a query string (`source=help_requests&status=corrected&page=2&example=…`), with the same
 * schema the API checks. A hand-edited or outdated value is dropped rather than failing the page.
 */
export function viewFromQuery(query: string): DatasetView {
  const params = new URLSearchParams(query);
  const shape = BrowseExamplesInput.shape;
  const skill = valid(shape.skill, params.get('skill') ?? undefined);
  const search = valid(shape.search, params.get('q') ?? undefined);
  const page = numberOrUndefined(params.get('page'));
  const filters: Filters = {
    origin: valid(shape.origin, params.get('origin') ?? undefined) ?? 'real',
    // The address bar counts pages from 1, the API from 0.
    page: valid(shape.page, page === undefined ? undefined : page - 1) ?? 0,
  };
  const source = valid(shape.source, params.get('source') ?? undefined);
  const rating = valid(shape.rating, numberOrUndefined(params.get('rating')));
  const reviewStatus = valid(shape.reviewStatus, params.get('status') ?? undefined);
  if (source) filters.source = source;
  if (skill && knownSkills.has(skill)) filters.skill = skill;
  if (rating !== undefined) filters.rating = rating;
  if (reviewStatus) filters.reviewStatus = reviewStatus;
  if (search) filters.search = search;
  const exampleId = valid(ExampleIdInput.shape.id, params.get('example') ?? undefined) ?? null;
  return { filters, exampleId };
}

/** The query string (with its `?`, or empty) for a view; defaults are left out so links stay short. */
export function queryFromView({ filters: f, exampleId }: DatasetView): string {
  const params = new URLSearchParams();
  if (f.source) params.set('source', f.source);
  if (f.skill) params.set('skill', f.skill);
  if (f.rating !== undefined) params.set('rating', String(f.rating));
  if (f.reviewStatus) params.set('status', f.reviewStatus);
  if (f.origin !== 'real') params.set('origin', f.origin);
  if (f.search) params.set('q', f.search);
  if (f.page > 0) params.set('page', String(f.page + 1));
  if (exampleId) params.set('example', exampleId);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Whether anything narrows the list beyond the defaults (real data, first page). */
export const isFiltered = (f: Filters) => Boolean(f.source || f.skill || f.rating !== undefined || f.reviewStatus || f.search);

/**
 * Some filters only mean something for some data: ratings exist only on session feedback, and synthetic
 * examples are never rated or reviewed. A change that makes a filter meaningless clears it, and every
 * change goes back to the first page.
 */
export function changeFilters(current: Filters, change: Partial<Filters>): Filters {
  const next: Filters = { ...current, ...change, page: change.page ?? 0 };
  for (const key of Object.keys(change) as (keyof Filters)[]) if (change[key] === undefined && key !== 'page') delete next[key];
  if (!ratingApplies(next)) delete next.rating;
  if (!reviewApplies(next)) delete next.reviewStatus;
  return next;
}

export const ratingApplies = (f: Pick<Filters, 'source' | 'origin'>) => f.origin === 'real' && (!f.source || f.source === 'feedback_ratings');
export const reviewApplies = (f: Pick<Filters, 'origin'>) => f.origin === 'real';
