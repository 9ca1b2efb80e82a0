import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BODY = fileURLToPath(new URL('../src/prepare-worker-body.ts', import.meta.url));

/** The files a fresh Node process loads to import `file`, as it resolves them (module.registerHooks). */
function modulesLoadedBy(file: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); loaded.push(r.url); return r; } });
    await import(${JSON.stringify(`file://${file}`)});
    console.log(JSON.stringify(loaded));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_COMPILE_CACHE: '' } });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

// Every export of more than 20K rows starts this worker, and its isolate's memory counts in the
// export's peak RSS (< 256 MB at 5M rows). The domain's index loads zod and every schema: ~20 MB of
// the worker's ~32 MB, for one list of format ids (now in @satprep/domain/export-formats).
describe('the prepare worker', () => {
  it('loads the exporter and the parts of the domain it uses, not zod, the ORM or the domain index', () => {
    const loaded = modulesLoadedBy(BODY);
    expect(loaded.some((u) => u.endsWith('/exporter/src/lines.ts'))).toBe(true);
    expect(loaded.filter((u) => /\/node_modules\/(zod|@mikro-orm|pg)\//.test(u))).toEqual([]);
    expect(loaded.filter((u) => u.endsWith('/domain/src/index.ts'))).toEqual([]);
  });
});
