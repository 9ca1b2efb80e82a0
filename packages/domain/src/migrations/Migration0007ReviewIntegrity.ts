import { Migration } from '@mikro-orm/migrations';

/**
 * Review integrity (issue #20, items 2 and 3):
 * - `reviewers`: one pseudonym per reviewing account; verdicts point at it, so they keep a
 *   reviewer identity after the account is deleted (user_id becomes null), and an admin can
 *   revoke it (revoked_at, revoked_by).
 * - `reviews`: the pseudonym, whether the verdict was given with an admin's authority, and
 *   rolled_back_at for verdicts an admin rolled back (kept for the record, no longer counted).
 * - `review_items.status` gains 'awaiting_confirmation': a correction waiting for a second
 *   reviewer or an admin (exports keep the model's original text meanwhile).
 * - `review_assignments`: students whose items an admin assigned to a tutor.
 * - `staff_access_log`: every staff read of student content (who, what, when).
 */
export class Migration0007ReviewIntegrity extends Migration {
  override name = 'Migration0007ReviewIntegrity';

  override up(): void {
    this.addSql(`create table "reviewers" ("id" serial primary key, "pseudonym" varchar(32) not null, "user_id" int null, "created_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_by_id" int null)`);
    this.addSql(`alter table "reviewers" add constraint "reviewers_pseudonym_unique" unique ("pseudonym")`);
    this.addSql(`alter table "reviewers" add constraint "reviewers_user_id_unique" unique ("user_id")`);
    this.addSql(`alter table "reviewers" add constraint "reviewers_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete set null`);
    this.addSql(`alter table "reviewers" add constraint "reviewers_revoked_by_id_foreign" foreign key ("revoked_by_id") references "users" ("id") on delete set null`);
    // Existing verdicts: one random pseudonym per account that reviewed.
    this.addSql(`insert into "reviewers" ("pseudonym", "user_id", "created_at")
      select 'rev_' || substr(md5(random()::text || r.reviewer_id::text || clock_timestamp()::text), 1, 12), r.reviewer_id, now()
        from (select distinct "reviewer_id" from "reviews") r`);

    this.addSql(`alter table "reviews" add column "reviewer_pseudonym_id" int null, add column "as_admin" boolean not null default false, add column "rolled_back_at" timestamptz null`);
    this.addSql(`update "reviews" set "reviewer_pseudonym_id" = (select x."id" from "reviewers" x where x."user_id" = "reviews"."reviewer_id")`);
    this.addSql(`alter table "reviews" alter column "reviewer_pseudonym_id" set not null`);
    this.addSql(`alter table "reviews" add constraint "reviews_reviewer_pseudonym_id_foreign" foreign key ("reviewer_pseudonym_id") references "reviewers" ("id")`);
    // A deleted account keeps its verdicts (under the pseudonym) instead of taking them along.
    this.addSql(`alter table "reviews" drop constraint "reviews_reviewer_id_foreign"`);
    this.addSql(`alter table "reviews" alter column "reviewer_id" drop not null`);
    this.addSql(`alter table "reviews" add constraint "reviews_reviewer_id_foreign" foreign key ("reviewer_id") references "users" ("id") on delete set null`);
    this.addSql(`alter table "reviews" drop constraint "reviews_item_id_reviewer_id_unique"`);
    this.addSql(`alter table "reviews" add constraint "reviews_item_id_reviewer_pseudonym_id_unique" unique ("item_id", "reviewer_pseudonym_id")`);
    this.addSql(`create index "reviews_reviewer_pseudonym_id_index" on "reviews" ("reviewer_pseudonym_id")`);

    this.addSql(`alter table "review_items" drop constraint "review_items_status_check"`);
    this.addSql(`alter table "review_items" add constraint "review_items_status_check" check ("status" in ('pending', 'awaiting_confirmation', 'approved', 'corrected', 'rejected', 'disputed'))`);

    this.addSql(`create table "review_assignments" ("id" serial primary key, "tutor_id" int not null, "student_id" int not null, "assigned_by_id" int null, "created_at" timestamptz not null)`);
    this.addSql(`alter table "review_assignments" add constraint "review_assignments_tutor_id_student_id_unique" unique ("tutor_id", "student_id")`);
    this.addSql(`create index "review_assignments_student_id_index" on "review_assignments" ("student_id")`);
    this.addSql(`alter table "review_assignments" add constraint "review_assignments_tutor_id_foreign" foreign key ("tutor_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "review_assignments" add constraint "review_assignments_student_id_foreign" foreign key ("student_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "review_assignments" add constraint "review_assignments_assigned_by_id_foreign" foreign key ("assigned_by_id") references "users" ("id") on delete set null`);

    this.addSql(`create table "staff_access_log" ("id" serial primary key, "staff_id" int null, "staff_email" varchar(254) not null, "staff_role" varchar(20) not null, "action" varchar(40) not null, "subject" varchar(200) not null, "student_id" int null, "at" timestamptz not null)`);
    this.addSql(`create index "staff_access_log_at_index" on "staff_access_log" ("at")`);
    this.addSql(`create index "staff_access_log_staff_id_index" on "staff_access_log" ("staff_id")`);
    this.addSql(`alter table "staff_access_log" add constraint "staff_access_log_staff_id_foreign" foreign key ("staff_id") references "users" ("id") on delete set null`);
    this.addSql(`alter table "staff_access_log" add constraint "staff_access_log_student_id_foreign" foreign key ("student_id") references "users" ("id") on delete set null`);
  }
}
