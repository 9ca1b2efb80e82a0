// Worker thread of `preparedLines` (parallel.ts). JavaScript, so that Node's compile cache is on
// before any TypeScript is loaded: with the cache warm, the worker never loads Node's TypeScript
// stripper (a WebAssembly module of ~15 MB), and its start costs ~0.09 s of CPU instead of ~0.16
// s. The cache lives in the system's temporary directory (NODE_COMPILE_CACHE and
// NODE_DISABLE_COMPILE_CACHE apply as usual).
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./prepare-worker-body.ts');
