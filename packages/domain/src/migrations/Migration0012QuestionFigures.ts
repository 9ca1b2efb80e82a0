import { Migration } from '@mikro-orm/migrations';

/** The figure (graph, scatterplot or diagram, as data) of a bank item; filled when the app syncs the bank at start. */
export class Migration0012QuestionFigures extends Migration {
  override name = 'Migration0012QuestionFigures';

  override up(): void {
    this.addSql(`alter table "questions" add column "figure" jsonb null`);
  }
}
