import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { EXAMPLE_REVIEW_FILTERS, EXAMPLE_SOURCES } from '@satprep/domain';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { SkillOptions } from '../../../components/SkillOptions.tsx';
import { EmptyState, ErrorNote, Field, Loading, PageHeader } from '../../../components/ui.tsx';
import { formatDate, plural, skillName } from '../../../lib/format.ts';
import { useDebounced } from '../../../lib/useDebounced.ts';
import { useTitle } from '../../../lib/useTitle.ts';
import { useTRPC } from '../../../trpc.ts';
import { DataTabs } from '../DataTabs.tsx';
import { ExampleDetail } from './ExampleDetail.tsx';
import { changeFilters, isFiltered, NO_FILTERS, PAGE_SIZE, queryFromView, ratingApplies, reviewApplies, viewFromQuery, type DatasetView, type Filters } from './filters.ts';
import { inputGist, REVIEW_STATUS_NAMES, reviewStatusName, SOURCE_FILTER_NAMES, sourceName, studentVerdict, truncate, type ExampleSummary } from './words.ts';
import { MathText } from '../../../components/MathText.tsx';

const BASE = '/admin/dataset';

/**
 * The dataset browser (admins only, loaded lazily): training examples as an export would write them,
 * filtered and paged, each one openable with its lineage. The whole view lives in the query string,
 * so a reload or a shared link shows the same thing.
 */
export default function DatasetBrowser() {
  useTitle('Dataset');
  const trpc = useTRPC();
  const [, navigate] = useLocation();
  const query = useSearch();
  const { filters, exampleId } = useMemo(() => viewFromQuery(query), [query]);
  const go = (view: DatasetView, replace = false) => navigate(`${BASE}${queryFromView(view)}`, { replace });
  const setFilters = (change: Partial<Filters>, replace = false) => go({ filters: changeFilters(filters, change), exampleId: null }, replace);

  const list = useQuery({ ...trpc.data.examples.queryOptions({ ...filters, pageSize: PAGE_SIZE }), placeholderData: keepPreviousData });

  const resultsRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  // Closing an example puts focus back on the row it was opened from (or the results heading if that row is gone).
  const lastOpen = useRef(exampleId);
  useEffect(() => {
    const closed = lastOpen.current;
    lastOpen.current = exampleId;
    if (!closed || exampleId) return;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-example-id="${CSS.escape(closed)}"]`);
    (row ?? resultsRef.current)?.focus();
  }, [exampleId]);

  const turnPage = (page: number) => {
    setFilters({ page });
    resultsRef.current?.focus();
    resultsRef.current?.scrollIntoView({ block: 'start' });
  };

  return (
    <div className="page">
      <PageHeader title="Dataset">
        <p className="lead">Training examples exactly as an export writes them: consenting students only, personal details redacted. Open one to see where it came from.</p>
      </PageHeader>
      <DataTabs current="dataset" />
      <FilterBar filters={filters} onChange={setFilters} onClear={() => go({ filters: { ...NO_FILTERS, origin: filters.origin }, exampleId: null })} />

      <section className="dataset-results" aria-labelledby="dataset-results-heading">
        <div className="dataset-results-head">
          <h2 id="dataset-results-heading" ref={resultsRef} tabIndex={-1}>
            {filters.origin === 'synthetic' ? 'Synthetic examples' : 'Examples'}
          </h2>
          <p className="hint" role="status">
            {list.isFetching && list.data ? 'Updating…' : list.data ? resultsSummary(filters.page, list.data.items.length, list.data.hasMore) : ''}
          </p>
        </div>
        {list.isPending && <Loading label="Loading examples…" />}
        {list.isError && <ErrorNote error={list.error} prefix="The examples could not be loaded." onRetry={() => void list.refetch()} />}
        {list.data && list.data.items.length === 0 && (
          <div className="card">
            <NoResults filters={filters} onFirstPage={() => turnPage(0)} onClear={() => go({ filters: { ...NO_FILTERS, origin: filters.origin }, exampleId: null })} />
          </div>
        )}
        {list.data && list.data.items.length > 0 && (
          <>
            <ol ref={listRef} className={`example-list${list.isPlaceholderData ? ' is-stale' : ''}`} aria-busy={list.isPlaceholderData}>
              {list.data.items.map((e) => (
                <ExampleRow key={e.id} example={e} href={`${BASE}${queryFromView({ filters, exampleId: e.id })}`} isOpen={e.id === exampleId} />
              ))}
            </ol>
            <nav className="pager" aria-label="Result pages">
              <button type="button" className="btn btn-secondary" disabled={filters.page === 0} onClick={() => turnPage(filters.page - 1)}>
                <span aria-hidden="true">← </span>Previous
              </button>
              <span className="pager-page">Page {filters.page + 1}</span>
              <button type="button" className="btn btn-secondary" disabled={!list.data.hasMore || list.isPlaceholderData} onClick={() => turnPage(filters.page + 1)}>
                Next<span aria-hidden="true"> →</span>
              </button>
            </nav>
          </>
        )}
      </section>

      {exampleId && <ExampleDetail id={exampleId} onClose={() => go({ filters, exampleId: null })} />}
    </div>
  );
}

function resultsSummary(page: number, count: number, hasMore: boolean): string {
  if (count === 0) return '';
  const first = page * PAGE_SIZE + 1;
  return `${plural(count, 'example')} (${first}–${first + count - 1})${hasMore ? ', more on the next page' : ''}.`;
}

function NoResults({ filters, onFirstPage, onClear }: { filters: Filters; onFirstPage: () => void; onClear: () => void }) {
  if (filters.page > 0) {
    return (
      <EmptyState title="This page is past the end of the results.">
        <button type="button" className="btn btn-secondary" onClick={onFirstPage}>
          Go to the first page
        </button>
      </EmptyState>
    );
  }
  if (isFiltered(filters)) {
    return (
      <EmptyState title="No examples match these filters.">
        <p>Try fewer filters or other words.</p>
        <button type="button" className="btn btn-secondary" onClick={onClear}>
          Clear filters
        </button>
      </EmptyState>
    );
  }
  return filters.origin === 'real' ? (
    <EmptyState title="No examples yet.">
      <p>Examples appear here once students who agreed to training use practise, ask for help, act on their study plan or write notes.</p>
    </EmptyState>
  ) : (
    <EmptyState title="No synthetic examples could be generated." />
  );
}

function FilterBar({ filters, onChange, onClear }: { filters: Filters; onChange: (change: Partial<Filters>, replace?: boolean) => void; onClear: () => void }) {
  const originName = useId();
  const [draft, setDraft] = useState(filters.search ?? '');
  const settled = useDebounced(draft.trim(), 300);
  // The search last written to (or read from) the address bar: tells typing apart from Back/Forward.
  const written = useRef(filters.search ?? '');
  useEffect(() => {
    if (settled === written.current) return;
    written.current = settled;
    // Replace rather than push: one history entry per pause in typing would bury the Back button.
    onChange({ search: settled || undefined }, true);
    // Only a settled change of the text searches: not a change of the other filters.
  }, [settled]);
  useEffect(() => {
    const fromAddress = filters.search ?? '';
    if (fromAddress === written.current) return;
    written.current = fromAddress;
    setDraft(fromAddress);
  }, [filters.search]);

  const ratingOk = ratingApplies(filters);
  const reviewOk = reviewApplies(filters);
  return (
    <form className="card dataset-filters" role="search" aria-label="Filter examples" onSubmit={(e) => e.preventDefault()}>
      <Field label="Search" hint="Words in the input or the output." className="dataset-search">
        {(p) => <input {...p} type="search" value={draft} maxLength={200} onChange={(e) => setDraft(e.target.value)} />}
      </Field>
      <fieldset className="segmented">
        <legend>Data</legend>
        <div className="segmented-options">
          {(
            [
              ['real', 'Real'],
              ['synthetic', 'Synthetic'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className={filters.origin === value ? 'segmented-option is-selected' : 'segmented-option'}>
              <input type="radio" name={originName} value={value} checked={filters.origin === value} onChange={() => onChange({ origin: value })} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label="Source">
        {(p) => (
          <select {...p} value={filters.source ?? ''} onChange={(e) => onChange({ source: (e.target.value || undefined) as Filters['source'] })}>
            <option value="">All sources</option>
            {EXAMPLE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_FILTER_NAMES[s]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Skill">
        {(p) => (
          <select {...p} value={filters.skill ?? ''} onChange={(e) => onChange({ skill: e.target.value || undefined })}>
            <option value="">All skills</option>
            <SkillOptions />
          </select>
        )}
      </Field>
      <Field label="Student rating" hint={ratingOk ? 'Session feedback only.' : filters.origin === 'synthetic' ? 'Synthetic examples have no ratings.' : 'Only session feedback is rated.'}>
        {(p) => (
          <select {...p} value={filters.rating ?? ''} disabled={!ratingOk} onChange={(e) => onChange({ rating: e.target.value ? Number(e.target.value) : undefined })}>
            <option value="">Any rating</option>
            {[5, 4, 3, 2, 1].map((n) => (
              <option key={n} value={n}>
                {plural(n, 'star')}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Review status" hint={reviewOk ? 'From the human review queue.' : 'Synthetic examples are never reviewed.'}>
        {(p) => (
          <select {...p} value={filters.reviewStatus ?? ''} disabled={!reviewOk} onChange={(e) => onChange({ reviewStatus: (e.target.value || undefined) as Filters['reviewStatus'] })}>
            <option value="">Any status</option>
            {EXAMPLE_REVIEW_FILTERS.map((s) => (
              <option key={s} value={s}>
                {REVIEW_STATUS_NAMES[s]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {isFiltered(filters) && (
        <div className="dataset-clear">
          <button type="button" className="btn btn-ghost btn-small" onClick={onClear}>
            Clear filters
          </button>
        </div>
      )}
    </form>
  );
}

function ExampleRow({ example: e, href, isOpen }: { example: ExampleSummary; href: string; isOpen: boolean }) {
  const previewId = useId();
  const verdict = studentVerdict(e);
  return (
    <li className={isOpen ? 'example-row is-open' : 'example-row'}>
      <div className="example-row-meta">
        {/* The link covers the whole row (see .example-link::after); its name stays short for screen readers. */}
        <Link href={href} className="example-link" data-example-id={e.id} aria-describedby={previewId}>
          {sourceName(e.source)}
        </Link>
        {e.origin === 'synthetic' && <span className="tag tag-ai">Synthetic</span>}
        {e.skill && <span className="tag">{skillName(e.skill)}</span>}
        {verdict && (
          <span className="example-verdict" title={verdict.words}>
            <span aria-hidden="true">{verdict.symbol}</span>
            <span className="visually-hidden">{verdict.words}</span>
          </span>
        )}
        {e.origin === 'real' && <span className={`status review-status review-status-${e.reviewStatus}`}>{reviewStatusName(e.reviewStatus)}</span>}
        <span className="example-date">{formatDate(e.createdAt)}</span>
      </div>
      <p className="example-io" id={previewId}>
        <span className="example-in">
          <span className="visually-hidden">Input: </span>
          <MathText text={truncate(inputGist(e.input), 200)} />
        </span>
        <span className="example-arrow" aria-hidden="true">
          →
        </span>
        <span className="example-out">
          <span className="visually-hidden">Output: </span>
          <MathText text={truncate(e.output, 200)} />
        </span>
      </p>
    </li>
  );
}
