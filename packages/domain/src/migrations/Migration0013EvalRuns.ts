import { Migration } from '@mikro-orm/migrations';

/** Evaluation runs of a tutor model (`satprep eval`): the scorecard of each run and every case's checks. */
export class Migration0013EvalRuns extends Migration {
  override name = 'Migration0013EvalRuns';

  override up(): void {
    this.addSql(`create table "eval_runs" (
      "id" serial primary key,
      "model" varchar(200) not null,
      "endpoint" text null,
      "prompt_versions" jsonb not null,
      "cases" int not null,
      "errors" int not null,
      "checks" jsonb not null,
      "by_kind" jsonb not null,
      "thresholds" jsonb not null,
      "passed" boolean not null,
      "duration_ms" int not null,
      "started_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "eval_runs_started_at_index" on "eval_runs" ("started_at")`);
    this.addSql(`create table "eval_results" (
      "id" serial primary key,
      "run_id" int not null references "eval_runs" ("id") on delete cascade,
      "case_id" varchar(160) not null,
      "kind" varchar(20) not null,
      "skill" varchar(80) null,
      "in_bank" boolean not null,
      "output" text not null,
      "error" text null,
      "checks" jsonb not null,
      unique ("run_id", "case_id")
    )`);
  }
}
