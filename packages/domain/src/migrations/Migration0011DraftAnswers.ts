import { Migration } from '@mikro-orm/migrations';

/** Answers of an unsubmitted practice session, saved as they are given, so a reload or another device resumes it. */
export class Migration0011DraftAnswers extends Migration {
  override name = 'Migration0011DraftAnswers';

  override up(): void {
    this.addSql(`alter table "practice_sessions" add column "draft_answers" jsonb null`);
  }
}
