// Loaded with `node --import` by decoupling.test.ts: writes the URL of every module the process
// resolves (imported or required) to the file named by RECORD_MODULES when it exits.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const seen: string[] = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    seen.push(resolved.url);
    return resolved;
  },
});
process.on('exit', () => writeFileSync(process.env.RECORD_MODULES!, seen.join('\n')));
