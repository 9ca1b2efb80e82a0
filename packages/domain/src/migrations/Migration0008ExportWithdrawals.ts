import { Migration } from '@mikro-orm/migrations';

/**
 * A student's withdrawal of training consent or account deletion, recorded in the same transaction,
 * waits here until the export files written before it are rewritten without that student's lines
 * (or withdrawn). `user_id` is kept only until then; afterwards only the pseudonymous `user_key`.
 */
export class Migration0008ExportWithdrawals extends Migration {
  override name = 'Migration0008ExportWithdrawals';

  override up(): void {
    this.addSql(`create table "export_withdrawals" ("id" serial primary key, "user_id" int null, "user_key" varchar(64) null, "reason" varchar(20) not null, "created_at" timestamptz not null, "processed_at" timestamptz null)`);
    this.addSql(`alter table "export_withdrawals" add constraint "export_withdrawals_reason_check" check ("reason" in ('consent-withdrawn', 'account-deleted'))`);
    this.addSql(`create index "export_withdrawals_pending_index" on "export_withdrawals" ("created_at") where "processed_at" is null`);
    this.addSql(`alter table "export_runs" add column "withdrawn_at" timestamptz null, add column "purges" jsonb null`);
  }
}
