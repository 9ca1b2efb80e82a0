import { Migration } from '@mikro-orm/migrations';

export class Migration0003ExportRuns extends Migration {
  override name = 'Migration0003ExportRuns';

  override up(): void {
    this.addSql(`create table "export_runs" ("id" serial primary key, "started_by_id" int null, "trigger" varchar(20) not null, "status" text not null, "format" varchar(30) not null, "params" jsonb not null, "window_since" timestamptz null, "window_until" timestamptz not null, "counts" jsonb null, "files" jsonb null, "out_dir" text null, "sha256" varchar(64) null, "duration_ms" int null, "error" text null, "started_at" timestamptz not null, "finished_at" timestamptz null)`);
    this.addSql(`create index "export_runs_started_at_index" on "export_runs" ("started_at")`);
    this.addSql(`alter table "export_runs" add constraint "export_runs_started_by_id_foreign" foreign key ("started_by_id") references "users" ("id") on delete set null`);
    this.addSql(`alter table "export_runs" add constraint "export_runs_status_check" check ("status" in ('running', 'succeeded', 'failed'))`);
  }
}
