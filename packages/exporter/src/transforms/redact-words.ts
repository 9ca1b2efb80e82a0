/**
 * Word lists behind the name rules of `redact.ts`: which name parts are also everyday words,
 * which capitalised words never start a person's name, and which people are public figures
 * that SAT passages quote. The English lexicon itself comes from `compromise` (see
 * `wordLexicon`), loaded once, only when a text gives a reason to look a word up.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Given names and surnames that are also everyday English words, places or months. A student's
 * name part in this list is matched only capitalised and in a name-like position ("I'm Will",
 * "thanks, Will", "Will here"), never as the word ("I will", "Mark as completed").
 */
export const COMMON_WORD_NAMES = new Set(`
will mark grace hope faith joy may june april august summer autumn winter dawn rose lily daisy iris violet ivy hazel
amber ruby pearl jade crystal holly heather olive sky river rain storm bill bob frank guy pat sue ray chase hunter gene
jack rob nick drew max art bud buck carol chip cliff colt dale dean dash earl glen grant hank herb jay jean kit lance
lee les mack miles misty norm pierce price reed rich rod rusty sandy skip sonny stone ted wade ward warren woody angel
bliss honey melody harmony destiny serenity trinity precious sunny bunny star echo genesis justice liberty journey royal
king prince princess duke marshall sterling eve dot ash penny patience constance prudence noble sage scout blaze wren
robin cat kitty jewel earnest felicity verity amity temperance clement hardy major power powers small swift golden
brown green white black gray grey young long little cook baker price bell banks mills park lane cross love day page
burns fields rivers short strong sharp best wise rich case cash bond hill wood woods rice fox wolf bird swan crane hawk
drake lamb bear bull bishop mason fisher porter cooper carter walker turner parker miller taylor tanner weaver shepherd
gardner singer potter farmer butler judge knight pope abbott monk glass gold silver steel moss field lake brook brooks
forest west east north south english french german irish welsh scott
jordan georgia carolina virginia austin houston dallas paris chad israel india china sydney victoria florence lincoln
washington jackson madison charlotte savannah phoenix aurora eden cairo troy vienna camden chelsea kent york
an al bo ty jo di ed el li ma mo su yu le la de da do so us to in on at or as is it me my no oh ok we he hi
`.trim().split(/\s+/));

/** Name parts that are also places: capitalised mid-sentence they are usually the place ("the passage about Jordan"). */
export const PLACE_NAMES = new Set(`
jordan georgia carolina virginia austin houston dallas paris chad israel india china sydney victoria florence lincoln
washington jackson madison charlotte savannah phoenix aurora eden cairo troy vienna camden chelsea kent york
`.trim().split(/\s+/));

/** Titles before a capitalised word that make it someone else's name ("President Carter"). */
export const TITLES = new Set(`
president senator sen governor gov general gen king queen prince princess saint st judge justice captain capt colonel
lord lady sir pope emperor empress chief secretary mayor representative rep congressman congresswoman admiral sergeant
`.trim().split(/\s+/));

/** Capitalised words that follow "my friend", "Mr." and the like without being the name. */
export const NOT_A_NAME = new Set(`
i the a an and but so or nor if then than that this these those there here it its is was are were be been am
who whom whose which what when where why how also always never just really actually literally basically still
said says told tells thinks thought asked asks helped helps says lol lmao omg idk tbh btw ok okay yeah yes no not
to of in on at by for from with about into over after before during because since while until though although
he she they we you me him her them us his hers their our your my mine
who's he's she's they're i'm im it's
has had have do does did can could would should will shall may might must
mom dad sis bro friend friends teacher tutor coach everyone everybody someone somebody nobody
mr mrs ms mx dr prof miss mister professor
`.trim().split(/\s+/));

/**
 * Capitalised words after which a capitalised name part names a place, a body or a thing, not
 * the student ("the Jordan River", "Brooks Brothers", "Washington Post").
 */
export const PLACE_WORDS = new Set(`
river valley lake lakes mountain mountains mount sea ocean bay gulf island islands desert canyon falls street avenue
road boulevard lane drive park county city town state states university college school academy institute high middle
elementary hall center centre company corporation inc brothers river's post times act law prize award rules
`.trim().split(/\s+/));

/**
 * Public figures whose names SAT passages and tutors quote: not the student's PII, kept as
 * written (policy in docs and the corpus test). Each name's consecutive word pairs are checked,
 * so "Zora Neale" and "Neale Hurston" both count.
 */
const PUBLIC_FIGURES = `
frederick douglass|abraham lincoln|george washington|thomas jefferson|martin luther king|elizabeth cady stanton
susan anthony|sojourner truth|harriet tubman|jane austen|charles dickens|mark twain|emily dickinson|walt whitman
virginia woolf|toni morrison|zora neale hurston|langston hughes|maya angelou|rachel carson|marie curie|albert einstein
isaac newton|charles darwin|ada lovelace|franklin roosevelt|eleanor roosevelt|theodore roosevelt|john adams
abigail adams|benjamin franklin|alexander hamilton|james madison|john kennedy|winston churchill|nelson mandela
barack obama|edgar allan poe|henry david thoreau|ralph waldo emerson|mary shelley|charlotte bronte|emily bronte
george eliot|louisa may alcott|willa cather|edith wharton|kate chopin|ernest hemingway|scott fitzgerald
john steinbeck|harper lee|mary wollstonecraft|booker washington|ida wells|rosa parks|jane addams|alice paul
lucretia mott|carrie chapman catt|thurgood marshall|ruth bader ginsburg|john locke|adam smith|thomas paine
patrick henry|daniel webster|henry clay|andrew jackson|william shakespeare|john muir|gregor mendel|galileo galilei
william wordsworth|john keats|percy shelley|oscar wilde|james baldwin|richard wright|ralph ellison|amy tan
sandra cisneros|julia alvarez|george orwell|aldous huxley|herman melville|nathaniel hawthorne|washington irving
w. e. b. du bois|cesar chavez|dolores huerta|sonia sotomayor|katherine johnson|mae jemison|neil armstrong
sally ride|jane goodall|stephen hawking|alan turing|grace hopper|thomas edison|nikola tesla|henry ford
john marshall|earl warren|lyndon johnson|woodrow wilson|ulysses grant|robert lee|jefferson davis|john brown
`.trim().split(/[|\n]/);

export const PUBLIC_FIGURE_PAIRS: Set<string> = (() => {
  const pairs = new Set<string>();
  for (const name of PUBLIC_FIGURES) {
    const words = name.trim().split(/\s+/);
    for (let i = 0; i + 1 < words.length; i++) pairs.add(`${words[i]} ${words[i + 1]}`);
  }
  return pairs;
})();

/** What the lexicon knows a lower-cased word as: a given name, a surname, another word, or nothing. */
export type WordClass = 'given' | 'surname' | 'word' | undefined;

/** The lexicon's single words by class, each list sorted: what `redact-lexicon.json` holds. */
export interface LexiconSnapshot {
  source: string;
  given: string;
  surname: string;
  word: string;
}

/**
 * The English lexicon of `compromise` (24K words, 4.3K of them tagged as given names or
 * surnames), reduced to word lists by class. compromise's tagger takes ~1 ms a sentence, too slow
 * for every exported row, and loading the library costs ~0.5 s of CPU and ~30 MB in every thread
 * that exports; its lexicon is what the name rules need. So the lists are taken from it once
 * (`node packages/exporter/src/transforms/redact-lexicon.gen.ts`) into `redact-lexicon.json`,
 * and a test checks the file against the installed compromise, so an upgrade cannot drift.
 */
export function lexiconFromCompromise(): LexiconSnapshot {
  const require = createRequire(import.meta.url);
  const nlp = require('compromise/two') as { model(): { one: { lexicon: Record<string, string | string[]> } }; version: string };
  const lists: Record<'given' | 'surname' | 'word', string[]> = { given: [], surname: [], word: [] };
  for (const [word, tag] of Object.entries(nlp.model().one.lexicon)) {
    if (word.includes(' ')) continue;
    const tags = typeof tag === 'string' ? [tag] : tag;
    const cls = tags.some((t) => t === 'MaleName' || t === 'FemaleName' || t === 'FirstName' || t === 'Person') ? 'given'
      : tags.includes('LastName') ? 'surname' : 'word';
    lists[cls].push(word);
  }
  return { source: `compromise ${nlp.version}`, given: lists.given.sort().join(' '), surname: lists.surname.sort().join(' '), word: lists.word.sort().join(' ') };
}

export const LEXICON_FILE = new URL('./redact-lexicon.json', import.meta.url);

let lexicon: Map<string, WordClass> | undefined;

/** Word → class from `redact-lexicon.json`, read on first use (~5 ms). */
export function wordLexicon(): Map<string, WordClass> {
  if (lexicon) return lexicon;
  const snapshot = JSON.parse(readFileSync(LEXICON_FILE, 'utf8')) as LexiconSnapshot;
  const map = new Map<string, WordClass>();
  for (const cls of ['word', 'surname', 'given'] as const) for (const w of snapshot[cls].split(' ')) map.set(w, cls);
  lexicon = map;
  return map;
}
