/**
 * The admin dataset browser: training examples as an export would write them (consenting
 * students only, redacted), filtered by source, skill, rating, review status and origin, with
 * each example's lineage (pseudonym, model, prompt version, review history).
 */
import { AppError, type BrowseExamplesInput } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';
import {
  Redactor, reviewOf, rowExample, SOURCE_DEFS, SOURCES, userKey,
  type Example, type ExampleContext, type SourceName, type SourceRow, type SyntheticDeps,
} from '@satprep/exporter';
import { syntheticExample } from '@satprep/exporter/synthetic';
import { recordStaffAccess, redactForStaff, type StaffUser } from './staff-access.ts';

type ReviewFilter = NonNullable<BrowseExamplesInput['reviewStatus']>;

export interface ExampleSummary {
  id: string;
  source: SourceName;
  origin: 'real' | 'synthetic';
  skill: string | null;
  rating: number | null;
  helpful: boolean | null;
  reviewStatus: ReviewFilter;
  createdAt: string;
  modelId: string | null;
  input: string;
  /** The output an export trains on (a reviewer's correction where there is one). */
  output: string;
}

/** Per source: the skill of a row and the text a search looks in (raw columns, before redaction). */
const FILTER_COLUMNS: Record<SourceName, { skill: string | null; text: string }> = {
  feedback_ratings: { skill: null, text: 't.feedback_text' },
  help_requests: { skill: "t.question_snapshot->>'skill'", text: "t.user_query || ' ' || t.ai_response || ' ' || coalesce(t.question_snapshot->>'stem', '')" },
  study_plan_actions: { skill: "t.task->>'skill'", text: "coalesce(t.adjustment->>'explanation', '')" },
  user_notes: { skill: 'q.skill', text: "t.note_text || ' ' || coalesce(t.ai_response, '')" },
  community: { skill: 't.skill', text: "t.title || ' ' || t.body || ' ' || a.body" },
};

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * How the browser makes examples of rows: the exporter's own rule (rowExample), so staff see what
 * an export writes. Unlike an export it keeps rejected outputs, which staff may list and open.
 */
const browserContext = (secret: string): ExampleContext => ({ redactor: new Redactor(), keyOf: (id) => userKey(secret, id), reviewedOnly: false, rejected: 'keep' });

/** A row's example as the browser shows it, or null for a row that makes none (as in exports: none, or one that cannot be rendered). */
function summaryOf(source: SourceName, row: SourceRow, ctx: ExampleContext): (ExampleSummary & { example: Example }) | null {
  const example = rowExample(source, row, ctx);
  if (example === null || typeof example === 'string') return null;
  return {
    id: example.id, source, origin: 'real', skill: example.skill ?? null, rating: example.rating ?? null, helpful: example.helpful ?? null,
    reviewStatus: reviewOf(row)?.status ?? 'unreviewed', createdAt: example.createdAt, modelId: example.modelId,
    input: example.input, output: example.output, example,
  };
}

/** Rows of one source, newest first, with the filters that apply to it; null when a filter rules the source out. */
async function rowsOf(em: Em, source: SourceName, f: BrowseExamplesInput, limit: number, extra: { where: string; params: unknown[] } | null = null): Promise<SourceRow[] | null> {
  const def = SOURCE_DEFS[source];
  const cols = FILTER_COLUMNS[source];
  const where = [...def.where];
  const params: unknown[] = [];
  if (f.rating !== undefined) {
    if (source !== 'feedback_ratings') return null;
    where.push('t.rating = ?');
    params.push(f.rating);
  }
  if (f.skill) {
    if (!cols.skill) return null;
    where.push(`${cols.skill} = ?`);
    params.push(f.skill);
  }
  if (f.reviewStatus === 'unreviewed') where.push('ri.status is null');
  else if (f.reviewStatus) {
    where.push('ri.status = ?');
    params.push(f.reviewStatus);
  }
  if (f.search) {
    where.push(`${cols.text} ilike ?`);
    params.push(likePattern(f.search));
  }
  if (extra) {
    where.push(extra.where);
    params.push(...extra.params);
  }
  return em.execute<SourceRow[]>(`${def.select} where ${where.join(' and ')} order by t.created_at desc, t.id desc limit ?`, [...params, limit]);
}

/** Synthetic examples (generated deterministically, as exports make them) that pass the filters. */
async function syntheticPage(deps: SyntheticDeps, f: BrowseExamplesInput): Promise<{ items: ExampleSummary[]; hasMore: boolean }> {
  if (f.rating !== undefined || (f.reviewStatus && f.reviewStatus !== 'unreviewed')) return { items: [], hasMore: false };
  const want = (f.page + 1) * f.pageSize + 1;
  const matches: ExampleSummary[] = [];
  const needle = f.search?.toLowerCase();
  for (let i = 0; i < 5_000 && matches.length < want; i++) {
    const ex = await syntheticExample(deps, SYNTHETIC_SEED, i);
    if (f.source && ex.source !== f.source) continue;
    if (f.skill && ex.skill !== f.skill) continue;
    if (needle && !`${ex.input}\n${ex.output}`.toLowerCase().includes(needle)) continue;
    matches.push(syntheticSummary(ex));
  }
  return { items: matches.slice(f.page * f.pageSize, (f.page + 1) * f.pageSize), hasMore: matches.length > (f.page + 1) * f.pageSize };
}

/** The seed exports use by default (`--seed`). */
const SYNTHETIC_SEED = 42;

function syntheticSummary(ex: Example): ExampleSummary {
  return {
    id: ex.id, source: ex.source, origin: 'synthetic', skill: ex.skill ?? null, rating: ex.rating ?? null, helpful: ex.helpful ?? null,
    reviewStatus: 'unreviewed', createdAt: ex.createdAt, modelId: ex.modelId, input: ex.input, output: ex.output,
  };
}

export async function browseExamples(em: Em, deps: SyntheticDeps, secret: string, f: BrowseExamplesInput, viewer: StaffUser): Promise<{ items: ExampleSummary[]; page: number; hasMore: boolean }> {
  if (f.origin === 'synthetic') return { ...(await syntheticPage(deps, f)), page: f.page };
  // A page of real examples is a read of students' content (the log names the filter, not the students).
  await recordStaffAccess(em, viewer, { action: 'dataset_list', subject: `examples:${JSON.stringify({ ...f, search: f.search ? '…' : undefined })}`, studentId: null });
  const want = (f.page + 1) * f.pageSize + 1;
  const all: ExampleSummary[] = [];
  const ctx = browserContext(secret);
  for (const source of f.source ? [f.source] : SOURCES) {
    const rows = await rowsOf(em, source, f, want);
    for (const row of rows ?? []) {
      const s = summaryOf(source, row, ctx);
      if (!s) continue;
      const { example: _example, ...summary } = s;
      all.push(summary);
    }
  }
  all.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  return { items: all.slice(f.page * f.pageSize, (f.page + 1) * f.pageSize), page: f.page, hasMore: all.length > (f.page + 1) * f.pageSize };
}

const notFound = () => new AppError('NOT_FOUND', 'No such example (or its student does not consent to training use).');

/** One example with its lineage: pseudonym, model, prompt version and review history. */
export async function exampleDetail(em: Em, deps: SyntheticDeps, secret: string, id: string, viewer: StaffUser) {
  const parts = id.split(':');
  if (parts[0] === 'synthetic') {
    const [, source, seed, i] = parts;
    if (!(SOURCES as readonly string[]).includes(source!) || Number(seed) !== SYNTHETIC_SEED) throw notFound();
    const ex = await syntheticExample(deps, SYNTHETIC_SEED, Number(i));
    if (ex.source !== source) throw notFound();
    return { ...syntheticSummary(ex), userKey: null, promptVersion: ex.promptVersion, exportedOutput: ex.output, review: null };
  }
  const [source, rowId] = parts as [SourceName, string];
  if (!(SOURCES as readonly string[]).includes(source) || parts.length !== 2) throw notFound();
  const [row] = (await rowsOf(em, source, { origin: 'real', page: 0, pageSize: 1 }, 1, { where: 't.id = ?', params: [Number(rowId)] })) ?? [];
  const s = row ? summaryOf(source, row, browserContext(secret)) : null;
  if (!row || !s) throw notFound();
  await recordStaffAccess(em, viewer, { action: 'dataset_example', subject: `example:${id}`, studentId: row.user_id });

  const reviewSource = source === 'community' ? 'community_answers' : source;
  const reviewSourceId = source === 'community' ? Number(row.answer_id) : row.id;
  const [item] = await em.execute<{ id: number; entry_reason: string; status: string; original_text: string; final_text: string | null }[]>(
    'select id, entry_reason, status, original_text, final_text from review_items where source_table = ? and source_id = ?',
    [reviewSource, reviewSourceId],
  );
  const reviews = item
    ? await em.execute<{ pseudonym: string; verdict: string; reason: string | null; corrected_text: string | null; guideline_version: number; created_at: Date | string; rolled_back_at: Date | string | null }[]>(
        `select x.pseudonym, r.verdict, r.reason, r.corrected_text, r.guideline_version, r.created_at, r.rolled_back_at
           from reviews r join reviewers x on x.id = r.reviewer_pseudonym_id where r.item_id = ? order by r.id`,
        [item.id],
      )
    : [];
  const identities = [{ names: [row.display_name], emails: [row.email] }];
  const published = SOURCE_DEFS[source].publishedText?.(row);
  const show = (text: string) => redactForStaff(text, identities, published);
  const { example, ...summary } = s;
  return {
    ...summary,
    // The model's text; the output an export trains on is `exportedOutput`.
    output: example.review?.status === 'corrected' ? example.review.originalOutput : example.output,
    userKey: example.userKey,
    promptVersion: example.promptVersion,
    exportedOutput: example.output,
    review: item
      ? {
          itemId: item.id, entryReason: item.entry_reason, status: item.status,
          originalText: show(item.original_text), finalText: item.final_text === null ? null : show(item.final_text),
          reviews: reviews.map((r) => ({
            reviewer: r.pseudonym, verdict: r.verdict, reason: r.reason, correctedText: r.corrected_text === null ? null : show(r.corrected_text),
            guidelineVersion: r.guideline_version, createdAt: new Date(r.created_at).toISOString(),
            rolledBackAt: r.rolled_back_at === null ? null : new Date(r.rolled_back_at).toISOString(),
          })),
        }
      : null,
  };
}
