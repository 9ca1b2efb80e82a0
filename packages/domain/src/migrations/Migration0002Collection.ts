import { Migration } from '@mikro-orm/migrations';

export class Migration0002Collection extends Migration {
  override name = 'Migration0002Collection';

  override up(): void {
    this.addSql(`create table "study_plan_actions" ("id" serial primary key, "user_id" int not null, "plan_id" int not null, "task_index" int not null, "task" jsonb not null, "action" text not null, "reason" text null, "performance_before" jsonb not null, "performance_update" jsonb not null, "adjustment" jsonb not null, "model_id" varchar(100) not null, "prompt_version" varchar(40) not null, "created_at" timestamptz not null)`);
    this.addSql(`create index "study_plan_actions_user_id_created_at_index" on "study_plan_actions" ("user_id", "created_at")`);
    this.addSql(`create index "study_plan_actions_created_at_index" on "study_plan_actions" ("created_at")`);
    this.addSql(`create table "help_requests" ("id" serial primary key, "user_id" int not null, "question_id" varchar(40) null, "session_id" int null, "user_query" text not null, "input_mode" text not null, "ai_response" text not null, "question_snapshot" jsonb not null, "model_id" varchar(100) not null, "prompt_version" varchar(40) not null, "latency_ms" int not null, "helpful" boolean null, "rated_at" timestamptz null, "created_at" timestamptz not null)`);
    this.addSql(`create index "help_requests_user_id_question_id_index" on "help_requests" ("user_id", "question_id")`);
    this.addSql(`create index "help_requests_created_at_index" on "help_requests" ("created_at")`);
    this.addSql(`create table "feedback_ratings" ("id" serial primary key, "user_id" int not null, "feedback_id" int not null, "session_id" int not null, "feedback_text" text not null, "rating" smallint not null, "comment" text null, "performance_data" jsonb not null, "model_id" varchar(100) not null, "prompt_version" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null)`);
    this.addSql(`create index "feedback_ratings_created_at_index" on "feedback_ratings" ("created_at")`);
    this.addSql(`alter table "feedback_ratings" add constraint "feedback_ratings_user_id_feedback_id_unique" unique ("user_id", "feedback_id")`);
    this.addSql(`create table "community_questions" ("id" serial primary key, "author_id" int not null, "title" varchar(200) not null, "body" text not null, "question_id" varchar(40) null, "skill" varchar(60) null, "created_at" timestamptz not null)`);
    this.addSql(`create index "community_questions_author_id_index" on "community_questions" ("author_id")`);
    this.addSql(`create index "community_questions_created_at_index" on "community_questions" ("created_at")`);
    this.addSql(`create table "community_answers" ("id" serial primary key, "question_id" int not null, "author_id" int null, "is_ai" boolean not null, "body" text not null, "model_id" varchar(100) null, "prompt_version" varchar(40) null, "score" int not null, "accepted" boolean not null, "created_at" timestamptz not null)`);
    this.addSql(`create index "community_answers_author_id_index" on "community_answers" ("author_id")`);
    this.addSql(`create index "community_answers_question_id_index" on "community_answers" ("question_id")`);
    this.addSql(`create index "community_answers_created_at_index" on "community_answers" ("created_at")`);
    this.addSql(`create table "community_votes" ("id" serial primary key, "answer_id" int not null, "user_id" int not null, "value" smallint not null, "created_at" timestamptz not null)`);
    this.addSql(`create index "community_votes_user_id_index" on "community_votes" ("user_id")`);
    this.addSql(`alter table "community_votes" add constraint "community_votes_answer_id_user_id_unique" unique ("answer_id", "user_id")`);
    this.addSql(`create table "client_events" ("id" serial primary key, "user_id" int not null, "client_event_id" varchar(64) not null, "kind" varchar(30) not null, "target_id" int null, "created_at" timestamptz not null)`);
    this.addSql(`alter table "client_events" add constraint "client_events_user_id_client_event_id_unique" unique ("user_id", "client_event_id")`);
    this.addSql(`create table "user_notes" ("id" serial primary key, "user_id" int not null, "question_id" varchar(40) null, "session_id" int null, "note_text" text not null, "ask_tutor" boolean not null, "ai_response" text null, "model_id" varchar(100) null, "prompt_version" varchar(40) null, "created_at" timestamptz not null, "updated_at" timestamptz not null)`);
    this.addSql(`create index "user_notes_user_id_question_id_index" on "user_notes" ("user_id", "question_id")`);
    this.addSql(`create index "user_notes_created_at_index" on "user_notes" ("created_at")`);
    this.addSql(`alter table "study_plan_actions" add constraint "study_plan_actions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "study_plan_actions" add constraint "study_plan_actions_plan_id_foreign" foreign key ("plan_id") references "study_plans" ("id") on delete cascade`);
    this.addSql(`alter table "study_plan_actions" add constraint "study_plan_actions_action_check" check ("action" in ('completed', 'skipped'))`);
    this.addSql(`alter table "help_requests" add constraint "help_requests_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "help_requests" add constraint "help_requests_question_id_foreign" foreign key ("question_id") references "questions" ("id") on delete set null`);
    this.addSql(`alter table "help_requests" add constraint "help_requests_session_id_foreign" foreign key ("session_id") references "practice_sessions" ("id") on delete set null`);
    this.addSql(`alter table "help_requests" add constraint "help_requests_input_mode_check" check ("input_mode" in ('text', 'speech'))`);
    this.addSql(`alter table "feedback_ratings" add constraint "feedback_ratings_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "feedback_ratings" add constraint "feedback_ratings_feedback_id_foreign" foreign key ("feedback_id") references "session_feedback" ("id") on delete cascade`);
    this.addSql(`alter table "feedback_ratings" add constraint "feedback_ratings_session_id_foreign" foreign key ("session_id") references "practice_sessions" ("id") on delete cascade`);
    this.addSql(`alter table "feedback_ratings" add constraint "feedback_ratings_rating_range" check (((rating >= 1) AND (rating <= 5)))`);
    this.addSql(`alter table "community_questions" add constraint "community_questions_author_id_foreign" foreign key ("author_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "community_questions" add constraint "community_questions_question_id_foreign" foreign key ("question_id") references "questions" ("id") on delete set null`);
    this.addSql(`alter table "community_answers" add constraint "community_answers_question_id_foreign" foreign key ("question_id") references "community_questions" ("id") on delete cascade`);
    this.addSql(`alter table "community_answers" add constraint "community_answers_author_id_foreign" foreign key ("author_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "community_votes" add constraint "community_votes_answer_id_foreign" foreign key ("answer_id") references "community_answers" ("id") on delete cascade`);
    this.addSql(`alter table "community_votes" add constraint "community_votes_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "client_events" add constraint "client_events_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "user_notes" add constraint "user_notes_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`);
    this.addSql(`alter table "user_notes" add constraint "user_notes_question_id_foreign" foreign key ("question_id") references "questions" ("id") on delete set null`);
    this.addSql(`alter table "user_notes" add constraint "user_notes_session_id_foreign" foreign key ("session_id") references "practice_sessions" ("id") on delete set null`);
  }
}
