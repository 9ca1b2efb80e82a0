#!/usr/bin/env node
// JavaScript, so that Node's compile cache is on before the TypeScript CLI is loaded: with the
// cache warm (in the system's temporary directory), Node does not load its TypeScript stripper,
// a WebAssembly module of ~18 MB that would stay in memory through an export.
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('../src/main.ts');
