import { Migration } from '@mikro-orm/migrations';

/**
 * Experiments: candidate tutor models (endpoint, model, prompt label; the key stays in an
 * environment variable), at most one running experiment routing a share of students to one, and
 * each student's arm, kept from their first tutor call in the experiment.
 */
export class Migration0014Experiments extends Migration {
  override name = 'Migration0014Experiments';

  override up(): void {
    this.addSql(`create table "tutor_candidates" (
      "id" serial primary key,
      "name" varchar(100) not null unique,
      "base_url" text not null,
      "model" varchar(200) not null,
      "prompt_version" varchar(100) null,
      "api_key_env" varchar(100) null,
      "created_by" int null references "users" ("id") on delete set null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "experiments" (
      "id" serial primary key,
      "candidate_id" int not null references "tutor_candidates" ("id"),
      "share_percent" smallint not null check ("share_percent" between 1 and 50),
      "status" varchar(10) not null check ("status" in ('running', 'stopped')),
      "salt" varchar(32) not null,
      "started_by" int null references "users" ("id") on delete set null,
      "started_at" timestamptz not null default now(),
      "stopped_at" timestamptz null
    )`);
    // At most one experiment runs at a time.
    this.addSql(`create unique index "experiments_one_running" on "experiments" ("status") where "status" = 'running'`);
    this.addSql(`create table "experiment_assignments" (
      "experiment_id" int not null references "experiments" ("id") on delete cascade,
      "user_id" int not null references "users" ("id") on delete cascade,
      "arm" varchar(10) not null check ("arm" in ('control', 'candidate')),
      "assigned_at" timestamptz not null default now(),
      primary key ("experiment_id", "user_id")
    )`);
    this.addSql(`create index "experiment_assignments_user_index" on "experiment_assignments" ("user_id")`);
  }
}
