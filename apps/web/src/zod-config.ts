// Imported first by main.tsx, before any schema is built: zod compiles object parsers with
// `new Function` unless told not to, and its probe for that is reported as a Content-Security-Policy
// violation on every page (our policy allows no 'unsafe-eval', and stays so). Schemas read this
// setting when they are constructed, so it must run before @satprep/domain is evaluated.
import { config } from 'zod';

config({ jitless: true });
