import { Migration } from '@mikro-orm/migrations';

export class Migration0004Review extends Migration {
  override name = 'Migration0004Review';

  override up(): void {
    this.addSql(`create table "review_sweeps" ("id" serial primary key, "swept_until" timestamptz not null)`);
    this.addSql(`create table "review_items" ("id" serial primary key, "source_table" text not null, "source_id" int not null, "student_id" int not null, "entry_reason" text not null, "status" text not null default 'pending', "original_text" text not null, "final_text" text null, "created_at" timestamptz not null, "decided_at" timestamptz null)`);
    this.addSql(`create index "review_items_status_id_index" on "review_items" ("status", "id")`);
    this.addSql(`create index "review_items_student_id_index" on "review_items" ("student_id")`);
    this.addSql(`alter table "review_items" add constraint "review_items_source_table_source_id_unique" unique ("source_table", "source_id")`);
    this.addSql(`create table "review_guidelines" ("id" serial primary key, "version" int not null, "text" text not null, "author_id" int null, "created_at" timestamptz not null)`);
    this.addSql(`alter table "review_guidelines" add constraint "review_guidelines_version_unique" unique ("version")`);
    this.addSql(`create table "reviews" ("id" serial primary key, "item_id" int not null, "reviewer_id" int not null, "verdict" text not null, "corrected_text" text null, "reason" text null, "guideline_version" int not null, "created_at" timestamptz not null)`);
    this.addSql(`alter table "reviews" add constraint "reviews_item_id_reviewer_id_unique" unique ("item_id", "reviewer_id")`);
    this.addSql(`alter table "review_items" add constraint "review_items_student_id_foreign" foreign key ("student_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "review_items" add constraint "review_items_source_table_check" check ("source_table" in ('feedback_ratings', 'help_requests', 'study_plan_actions', 'user_notes', 'community_answers'))`);
    this.addSql(`alter table "review_items" add constraint "review_items_entry_reason_check" check ("entry_reason" in ('low_rating', 'thumbs_down', 'follow_up', 'sample'))`);
    this.addSql(`alter table "review_items" add constraint "review_items_status_check" check ("status" in ('pending', 'approved', 'corrected', 'rejected', 'disputed'))`);
    this.addSql(`alter table "review_guidelines" add constraint "review_guidelines_author_id_foreign" foreign key ("author_id") references "users" ("id") on delete set null`);
    this.addSql(`alter table "reviews" add constraint "reviews_item_id_foreign" foreign key ("item_id") references "review_items" ("id") on delete cascade`);
    this.addSql(`alter table "reviews" add constraint "reviews_reviewer_id_foreign" foreign key ("reviewer_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "reviews" add constraint "reviews_verdict_check" check ("verdict" in ('approve', 'correct', 'reject'))`);
    this.addSql(`alter table "reviews" add constraint "reviews_reason_check" check ("reason" in ('wrong_math', 'unclear', 'off_topic', 'unsafe', 'other'))`);
    // The queue starts with guideline version 1 and a sweep that has looked at nothing yet.
    this.addSql(`insert into "review_guidelines" ("version", "text", "author_id", "created_at") values (1, ${'$$'}${GUIDELINES_V1}${'$$'}, null, now())`);
    this.addSql(`insert into "review_sweeps" ("id", "swept_until") values (1, '1970-01-01T00:00:00Z')`);
  }
}

const GUIDELINES_V1 = `Review guidelines (version 1)

Approve when the tutor's text is correct, answers what the student asked, and would help a real SAT student.

Correct when the idea is right but something is wrong or unclear: fix the math, the key, a misleading step or the tone, and keep the rest of the text. Write the corrected text as the tutor should have written it.

Reject when the text is wrong at its core, off-topic, unsafe, or gives away answers during an unsubmitted practice session; pick the reason that fits best.

Check every number and every claim about which choice is correct against the question. Keep explanations short and concrete, in plain language. Never add personal details about the student.`;
