// Writes src/migrations/<Name>.ts from the difference between committed migrations and the entities.
// Usage: node scripts/new-migration.ts Migration0002Collection   (then add it to src/migrations/index.ts)
import { writeFileSync } from 'node:fs';
import { migrate, openDb } from '../src/db.ts';

const name = process.argv[2];
if (!name || !/^Migration\d{4}[A-Za-z]+$/.test(name)) {
  console.error('usage: node scripts/new-migration.ts Migration0002Something');
  process.exit(2);
}
const orm = await openDb({});
await migrate(orm);
const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false });
await orm.close(true);
const statements = sql.split(/;\s*\n/).map((s) => s.trim().replace(/;$/, '')).filter(Boolean);
if (statements.length === 0) {
  console.error('entities and migrations agree: nothing to write');
  process.exit(1);
}
const quote = (sql: string) => '`' + sql.replaceAll('`', '\\`').replaceAll('${', '\\${') + '`';
const body = statements.map((s) => `    this.addSql(${quote(s)});`).join('\n');
writeFileSync(
  new URL(`../src/migrations/${name}.ts`, import.meta.url),
  `import { Migration } from '@mikro-orm/migrations';\n\nexport class ${name} extends Migration {\n  override name = '${name}';\n\n  override up(): void {\n${body}\n  }\n}\n`,
);
console.log(`wrote src/migrations/${name}.ts with ${statements.length} statements`);
