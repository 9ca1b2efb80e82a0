import { Migration } from '@mikro-orm/migrations';

/**
 * The context a session feedback was written from (see FeedbackContext): the data on the feedback,
 * and its rendering (the lines of the exported input) on the feedback and copied into its ratings,
 * so the exported input holds every fact the text states and the export reads plain text (parsing
 * jsonb per row cost a third of the exporter's time per row). Older rows keep null: their input is
 * rendered from the stats alone.
 */
export class Migration0009GroundedContext extends Migration {
  override name = 'Migration0009GroundedContext';

  override up(): void {
    this.addSql(`alter table "session_feedback" add column "context" jsonb null`);
    this.addSql(`alter table "session_feedback" add column "context_text" text null`);
    this.addSql(`alter table "feedback_ratings" add column "context_text" text null`);
  }
}
