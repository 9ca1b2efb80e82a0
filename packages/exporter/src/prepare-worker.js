// Worker thread of `preparedLines` (parallel.ts). JavaScript, so that Node's compile cache is on
// before any TypeScript is loaded: the export's thread has put the worker's modules in the cache
// (see parallel.ts), so the worker never loads Node's TypeScript stripper (a WebAssembly module of
// ~15 MB), and its start costs ~0.09 s of CPU instead of ~0.16 s. The cache lives in the system's
// temporary directory (NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE apply as usual).
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { servePreparedLines } = await import('./prepare-worker-body.ts');
servePreparedLines();
