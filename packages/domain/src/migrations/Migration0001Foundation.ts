import { Migration } from '@mikro-orm/migrations';

export class Migration0001Foundation extends Migration {
  override name = 'Migration0001Foundation';

  override up(): void {
    this.addSql(`create table "questions" ("id" varchar(40) not null, "section" varchar(40) not null, "domain" varchar(60) not null, "skill" varchar(60) not null, "difficulty" smallint not null, "format" varchar(8) not null, "passage" text null, "stem" text not null, "choices" jsonb not null, "answer" varchar(40) not null, "accepted_answers" jsonb not null, "rationale" text not null, "source" varchar(80) not null, "updated_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`create index "questions_skill_index" on "questions" ("skill")`);
    this.addSql(`create index "questions_domain_index" on "questions" ("domain")`);
    this.addSql(`create table "users" ("id" serial primary key, "email" varchar(254) not null, "password_hash" varchar(255) not null, "display_name" varchar(80) not null, "role" text not null, "training_consent" boolean not null, "consent_updated_at" timestamptz not null, "created_at" timestamptz not null)`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email")`);
    this.addSql(`create table "study_plans" ("id" serial primary key, "user_id" int not null, "tasks" jsonb not null, "version" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null)`);
    this.addSql(`alter table "study_plans" add constraint "study_plans_user_id_unique" unique ("user_id")`);
    this.addSql(`create table "skill_proficiency" ("id" serial primary key, "user_id" int not null, "skill" varchar(60) not null, "correct" int not null, "total" int not null, "mastery" double precision not null, "updated_at" timestamptz not null)`);
    this.addSql(`alter table "skill_proficiency" add constraint "skill_proficiency_user_id_skill_unique" unique ("user_id", "skill")`);
    this.addSql(`create table "practice_sessions" ("id" serial primary key, "user_id" int not null, "domain" varchar(60) null, "skill" varchar(60) null, "question_ids" jsonb not null, "started_at" timestamptz not null, "submitted_at" timestamptz null, "performance" jsonb null)`);
    this.addSql(`create index "practice_sessions_user_id_started_at_index" on "practice_sessions" ("user_id", "started_at")`);
    this.addSql(`create table "session_feedback" ("id" serial primary key, "session_id" int not null, "user_id" int not null, "text" text not null, "performance_data" jsonb not null, "model_id" varchar(100) not null, "prompt_version" varchar(40) not null, "created_at" timestamptz not null)`);
    this.addSql(`alter table "session_feedback" add constraint "session_feedback_session_id_unique" unique ("session_id")`);
    this.addSql(`create index "session_feedback_user_id_index" on "session_feedback" ("user_id")`);
    this.addSql(`create table "responses" ("id" serial primary key, "session_id" int not null, "user_id" int not null, "question_id" varchar(40) not null, "answer" varchar(40) not null, "is_correct" boolean not null, "time_spent_ms" int not null, "created_at" timestamptz not null)`);
    this.addSql(`create index "responses_user_id_question_id_index" on "responses" ("user_id", "question_id")`);
    this.addSql(`alter table "responses" add constraint "responses_session_id_question_id_unique" unique ("session_id", "question_id")`);
    this.addSql(`create table "link_invites" ("id" serial primary key, "code" varchar(16) not null, "guardian_id" int not null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, "created_at" timestamptz not null)`);
    this.addSql(`alter table "link_invites" add constraint "link_invites_code_unique" unique ("code")`);
    this.addSql(`create index "link_invites_guardian_id_index" on "link_invites" ("guardian_id")`);
    this.addSql(`create table "guardian_links" ("id" serial primary key, "guardian_id" int not null, "student_id" int not null, "created_at" timestamptz not null)`);
    this.addSql(`create index "guardian_links_student_id_index" on "guardian_links" ("student_id")`);
    this.addSql(`alter table "guardian_links" add constraint "guardian_links_guardian_id_student_id_unique" unique ("guardian_id", "student_id")`);
    this.addSql(`create table "consent_changes" ("id" serial primary key, "user_id" int not null, "consent" boolean not null, "source" varchar(20) not null, "changed_at" timestamptz not null)`);
    this.addSql(`create index "consent_changes_user_id_index" on "consent_changes" ("user_id")`);
    this.addSql(`create table "auth_sessions" ("id" serial primary key, "user_id" int not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null)`);
    this.addSql(`create index "auth_sessions_user_id_index" on "auth_sessions" ("user_id")`);
    this.addSql(`alter table "auth_sessions" add constraint "auth_sessions_token_hash_unique" unique ("token_hash")`);
    this.addSql(`alter table "users" add constraint "users_role_check" check ("role" in ('student', 'parent', 'tutor', 'admin'))`);
    this.addSql(`alter table "study_plans" add constraint "study_plans_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "skill_proficiency" add constraint "skill_proficiency_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "practice_sessions" add constraint "practice_sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "session_feedback" add constraint "session_feedback_session_id_foreign" foreign key ("session_id") references "practice_sessions" ("id") on delete cascade`);
    this.addSql(`alter table "session_feedback" add constraint "session_feedback_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "responses" add constraint "responses_session_id_foreign" foreign key ("session_id") references "practice_sessions" ("id") on delete cascade`);
    this.addSql(`alter table "responses" add constraint "responses_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "responses" add constraint "responses_question_id_foreign" foreign key ("question_id") references "questions" ("id")`);
    this.addSql(`alter table "link_invites" add constraint "link_invites_guardian_id_foreign" foreign key ("guardian_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "guardian_links" add constraint "guardian_links_guardian_id_foreign" foreign key ("guardian_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "guardian_links" add constraint "guardian_links_student_id_foreign" foreign key ("student_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "consent_changes" add constraint "consent_changes_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "auth_sessions" add constraint "auth_sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
  }
}
