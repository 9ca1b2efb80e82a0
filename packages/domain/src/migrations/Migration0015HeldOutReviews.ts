import { Migration } from '@mikro-orm/migrations';

/**
 * A review item held out for evaluation stays held out: `held_out_at` is set the first time one in
 * ten items (by id) is decided approved or corrected, and never cleared, so a later dispute or
 * rollback cannot return it to training exports. Set by a trigger, so every path that decides an
 * item (a verdict, an admin's confirmation, a rollback) is covered.
 */
export class Migration0015HeldOutReviews extends Migration {
  override name = 'Migration0015HeldOutReviews';

  override up(): void {
    this.addSql(`alter table "review_items" add column "held_out_at" timestamptz null`);
    this.addSql(`update "review_items" set "held_out_at" = coalesce("decided_at", now()) where "status" in ('approved', 'corrected') and "id" % 10 = 0`);
    this.addSql(`create function "review_items_hold_out"() returns trigger language plpgsql as $$
      begin
        if new.held_out_at is null and new.status in ('approved', 'corrected') and new.id % 10 = 0 then
          new.held_out_at := now();
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger "review_items_hold_out" before insert or update on "review_items" for each row execute function "review_items_hold_out"()`);
  }
}
