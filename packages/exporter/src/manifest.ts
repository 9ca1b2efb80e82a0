import { createHash } from 'node:crypto';
import type { Em } from '@satprep/domain/db';
import { datasetCard, type Manifest } from './card.ts';
import type { Curator } from './curate.ts';
import { KTO_LABELS } from './formats/index.ts';
import type { ExportPlan } from './plan.ts';
import { AtomicDirSink, type WrittenFile } from './sinks/file-sink.ts';
import type { ExportStats } from './stats.ts';
import type { Split } from './types.ts';

/** Why no example of the evaluation set (@satprep/eval, which scores tutor models) is in any export. */
export const HELD_OUT = 'The evaluation set that scores tutor models (`satprep eval`) is held out of every export: its math items are generated under an evaluation-only seed and none shares a stem with the question bank, the only source of items here (real examples are about bank items, synthetic ones are drawn from the bank); its feedback, plan and note cases are drawn under that seed from those held-out items. Its Reading and Writing help cases reuse bank passages and are scored apart (in-bank). Real examples a reviewer approved or corrected are held out one in ten (review items whose id is a multiple of 10, from the moment of the decision, and still after a later dispute or rollback): the evaluation asks the model the same requests and checks its answers.';

const DPO_PAIRING = 'Feedback: a rating ≥4 output is paired with a rating ≤2 output whose session had the same weakest domain and the same overall-accuracy band (fifths); help: a thumbs-up answer is paired with a thumbs-down answer on the same SAT question. The chosen example\'s input is the prompt. Pairs never cross the train/validation split. A reviewer\'s correction is a pair on its own: chosen = the corrected text (chosen_model "human-review"), rejected = the model\'s original.';

/** How the transition plan played out: real examples written and the synthetic share that filled the target. */
export interface MixOutcome {
  realTaken: number;
  syntheticTarget: number;
}

/** The manifest of an export, from its plan and what its stages counted (its `files` are filled in by `publish`). */
export async function buildManifest(plan: ExportPlan, runId: number, readEm: Em, stats: ExportStats, curator: Curator, mix: MixOutcome): Promise<Manifest> {
  const { opts, stage } = plan;
  return {
    schema_version: 1,
    app_version: opts.appVersion ?? '0.1.0',
    run_id: runId,
    format: plan.format,
    file_format: plan.fileFormat,
    created_at: plan.now.toISOString(),
    window: { since: plan.since?.toISOString() ?? null, until: plan.until.toISOString() },
    transition: {
      stage, active_users: await plan.activeUsers, real_cap: stage === 'real' ? null : stage === 'mixed' ? plan.transition.mixedRealCount : 0,
      synthetic_target: mix.syntheticTarget, real_taken: mix.realTaken, mixed: stage !== 'real',
    },
    counts: stats.counts(curator.duplicates),
    held_out: HELD_OUT,
    review_guidelines: await guidelinesUsed(readEm),
    review_verdicts_by_reviewer: await verdictsByReviewer(readEm),
    redactions: stats.redactions,
    audit: stats.auditReport(curator.decontaminated),
    files: [],
    filters: {
      min_rating: plan.minRating, min_length: plan.prepare.minLength, max_length: plan.prepare.maxLength, models: opts.models ?? null, exclude_models: opts.excludeModels ?? null,
      experiment: opts.experiment ?? null, val_ratio: plan.valRatio, sources: plan.sources, reviewed_only: plan.prepare.reviewedOnly,
    },
    ...(plan.format === 'dpo' ? { dpo_pairing: DPO_PAIRING } : {}),
    ...(plan.format === 'kto' || plan.format === 'dpo' ? { kto_labels: KTO_LABELS } : {}),
  };
}

/**
 * Publishes an export: the data files (written to the sink), then the dataset card and the
 * manifest with the files' sizes and hashes, each directory committed atomically. Returns every
 * file and the hash of the data files.
 */
export async function publish(sink: AtomicDirSink, outDir: string, manifest: Manifest, names: Record<Split, string>): Promise<{ files: WrittenFile[]; sha256: string }> {
  const data = await sink.commit();
  manifest.files = data;
  const meta = await AtomicDirSink.open(outDir);
  await meta.writeLine('README.md', datasetCard(manifest, names));
  await meta.writeLine('manifest.json', JSON.stringify(manifest, null, 2));
  const files = [...data, ...(await meta.commit())];
  return { files, sha256: createHash('sha256').update(data.map((f) => `${f.name}:${f.sha256}`).join('\n')).digest('hex') };
}

/** The guideline versions the reviews behind this dataset's decisions were made under. */
async function guidelinesUsed(em: Em): Promise<{ version: number; text: string }[]> {
  return em.execute(
    `select g.version, g.text from review_guidelines g
      where g.version in (select r.guideline_version from reviews r join review_items ri on ri.id = r.item_id where ri.status in ('approved', 'corrected', 'rejected'))
      order by g.version`,
  );
}

/**
 * Verdicts behind this dataset's review decisions, per reviewer pseudonym (never an account):
 * the verdicts that count (not rolled back) on decided items of consenting students.
 */
async function verdictsByReviewer(em: Em): Promise<Record<string, { approve: number; correct: number; reject: number }>> {
  const rows = await em.execute<{ pseudonym: string; verdict: 'approve' | 'correct' | 'reject'; n: number }[]>(
    `select x.pseudonym, r.verdict, count(*)::int as n
       from reviews r join reviewers x on x.id = r.reviewer_pseudonym_id join review_items ri on ri.id = r.item_id
       join users u on u.id = ri.student_id and u.training_consent = true
      where r.rolled_back_at is null and ri.status in ('approved', 'corrected', 'rejected')
      group by x.pseudonym, r.verdict order by x.pseudonym, r.verdict`,
  );
  const out: Record<string, { approve: number; correct: number; reject: number }> = {};
  for (const r of rows) (out[r.pseudonym] ??= { approve: 0, correct: 0, reject: 0 })[r.verdict] = r.n;
  return out;
}
