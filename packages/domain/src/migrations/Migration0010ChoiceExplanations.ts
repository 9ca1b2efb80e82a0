import { Migration } from '@mikro-orm/migrations';

/** Per-choice explanations of the question bank (why each wrong choice tempts and fails); filled by the next seed. */
export class Migration0010ChoiceExplanations extends Migration {
  override name = 'Migration0010ChoiceExplanations';

  override up(): void {
    this.addSql(`alter table "questions" add column "choice_explanations" jsonb null`);
  }
}
