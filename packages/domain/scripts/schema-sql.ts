// Prints the CREATE statements MikroORM derives from the entities, as a starting point for a new migration.
// Usage: node scripts/schema-sql.ts            (full schema)
//        node scripts/schema-sql.ts --diff     (difference between committed migrations and entities)
import { migrate, openDb } from '../src/db.ts';

const orm = await openDb({});
if (process.argv.includes('--diff')) {
  await migrate(orm);
  console.log(await orm.schema.getUpdateSchemaSQL({ wrap: false }));
} else {
  console.log(await orm.schema.getCreateSchemaSQL({ wrap: false }));
}
await orm.close(true);
