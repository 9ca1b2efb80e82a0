import { Migration } from '@mikro-orm/migrations';

export class Migration0005RateLimits extends Migration {
  override name = 'Migration0005RateLimits';

  override up(): void {
    this.addSql(`create table "rate_limit_hits" ("id" serial primary key, "key_hash" varchar(64) not null, "at" timestamptz not null)`);
    this.addSql(`create index "rate_limit_hits_key_hash_at_index" on "rate_limit_hits" ("key_hash", "at")`);
  }
}
