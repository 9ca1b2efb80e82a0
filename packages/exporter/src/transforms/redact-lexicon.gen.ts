// Writes redact-lexicon.json from the installed compromise: node packages/exporter/src/transforms/redact-lexicon.gen.ts
import { writeFileSync } from 'node:fs';
import { LEXICON_FILE, lexiconFromCompromise } from './redact-words.ts';

writeFileSync(LEXICON_FILE, `${JSON.stringify(lexiconFromCompromise(), null, 1)}\n`);
console.log(`wrote ${LEXICON_FILE.pathname}`);
