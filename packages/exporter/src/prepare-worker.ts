// Worker thread of `preparedLines` (parallel.ts). It turns on Node's compile cache before loading
// its modules (prepare-worker-body.ts): starting it costs ~0.16 s of CPU (to its ready message),
// ~0.09 s with the cache. NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE apply as usual.
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./prepare-worker-body.ts');
