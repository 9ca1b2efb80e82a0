/**
 * Redaction of personal details in exported text, as a registry of rules (see `RULES`): each
 * rule has a kind (the manifest counts hits per kind), a cheap prefilter that lets most texts
 * skip it, a matcher and a replacement. Adding a rule is one entry in the list plus its corpus
 * sentences in `test/pii-corpus.ts`.
 *
 * Policy, pinned by the corpus test:
 * - The student's own name and email (and those of linked people: "identities") are replaced
 *   wherever they appear; name parts that are everyday words ("Will", "Mark", "An") only where
 *   they stand as a name.
 * - Other people's names are replaced when the text presents them as people the student knows:
 *   after an honorific ("Mrs. Okafor", "mr chen"), after "my friend / teacher / tutor / mom…", or
 *   as a capitalised given name + surname ("Tyler Brooks"). The honorific and the cue stay.
 * - Public figures quoted by SAT passages ("Frederick Douglass", "Jane Austen") are passage
 *   content, not student data: they are kept, and so are single capitalised words that are
 *   not introduced as a person ("Jordan River", "Mark as completed").
 * - Contacts and ids are replaced with what announces them kept: "my insta is [HANDLE]",
 *   "student ID [ID]", "born [DOB]".
 */
import type { Identity } from '../types.ts';
import { ASCII_WORD } from './ascii.ts';
import { COMMON_WORD_NAMES, NOT_A_NAME, PLACE_NAMES, PLACE_WORDS, PUBLIC_FIGURE_PAIRS, TITLES, wordLexicon } from './redact-words.ts';

export const PII_KINDS = ['email', 'phone', 'url', 'address', 'name', 'handle', 'dob', 'id'] as const;
export type PiiKind = (typeof PII_KINDS)[number];
export type RedactionCounts = Record<PiiKind, number>;

export const emptyCounts = (): RedactionCounts => ({ email: 0, phone: 0, url: 0, address: 0, name: 0, handle: 0, dob: 0, id: 0 });

/** The text a rule works on: the current text, its lower-cased copy made on demand, and the person's needles. */
export class Scan {
  text = '';
  needles: Needles = noNeedles();
  /** The question-bank text the example quotes, lower-cased ('' when none): what it holds is not personal data. */
  published = '';
  private original = '';
  private lowerFor: string | undefined;
  private lowerText = '';
  private cueBits = -1;
  private stamp = 0;

  /** Starts on a new text. */
  reset(text: string, needles: Needles, published = ''): void {
    this.text = text;
    this.original = text;
    this.needles = published ? namesNotIn(needles, published) : needles;
    this.published = published;
    this.cueBits = -1;
  }

  /** Whether `candidate` (a match a rule would replace) stands in the published text as whole words, in any case. */
  isPublished(candidate: string): boolean {
    return this.published !== '' && containsWord(this.published, candidate.toLowerCase());
  }

  /** Whether the text (as it was before any rule ran) holds `cue`: see `cuesOf`. */
  has(cue: number): boolean {
    return (this.cues() & cue) !== 0;
  }

  /** The cue bits of the text (see `cuesOf`), found on first use. */
  cues(): number {
    if (this.cueBits < 0) {
      this.stamp = lastStamp = (lastStamp + 1) | 0 || 1;
      this.cueBits = cuesOf(this.text, this.stamp);
    }
    return this.cueBits;
  }

  /** `has(cue)` for a shape cue that is exact in ASCII text only: always true for other text. */
  hasShape(cue: number): boolean {
    return this.has(cue | CUE.nonAscii);
  }

  /**
   * Whether the current text may hold `needle` (lower-cased) in any case: `lower.includes`, with
   * no lower-cased copy made for the usual ASCII text that lacks the needle's first word.
   */
  mayHold(needle: string): boolean {
    if (this.text === this.original && !this.has(CUE.nonAscii) && this.stamp === lastStamp) {
      const c = needle.charCodeAt(0);
      if (c >= 97 && c <= 122) {
        // A whole-word occurrence in ASCII text is a run of letters equal to the needle's first one.
        let h = 0;
        for (let i = 0; i < needle.length; i++) {
          const d = needle.charCodeAt(i);
          if (d < 97 || d > 122) break;
          h = (Math.imul(h, 31) + d) | 0;
        }
        if (WORD_STAMPS[h & WORD_SLOTS_MASK] !== this.stamp) return false;
      } else if (!/[a-z]/.test(needle)) return this.text.includes(needle);
    }
    return this.lower.includes(needle);
  }

  /** The lower-cased text, made once per version of the text. */
  get lower(): string {
    if (this.lowerFor !== this.text) {
      this.lowerText = this.text.toLowerCase();
      this.lowerFor = this.text;
    }
    return this.lowerText;
  }
}

/** Replaces the matches in `scan.text` with `token`, calling `hit` once per replacement. */
export type MatchFunction = (scan: Scan, token: string, hit: () => void) => string;

/**
 * What a regex match becomes: `token` in place of the personal part, the rest of the match kept.
 * `null` keeps the match as it is (a candidate that turned out not to be PII).
 */
export type MatchReplacer = (match: string, groups: Record<string, string | undefined>, token: string) => string | null;

export interface RedactionRule {
  kind: PiiKind;
  /** What the rule catches, for readers and failure messages. */
  name: string;
  /** A cheap test; false means the matcher cannot match this text. */
  prefilter: (scan: Scan) => boolean;
  /**
   * Cue bits (see `CUE`) of which the text must hold at least one for `prefilter` to pass: the
   * registry skips the rule on them without calling it (most rules, most texts). Omitted: always asked.
   */
  cues?: number;
  /** A global regex (each match replaced by `replace`, or whole by the token) or a function that does its own replacing. */
  matcher: RegExp | MatchFunction;
  replacement: string;
  replace?: MatchReplacer;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces of patterns

// A literal "." takes no spaces around it: with them, every ". " between sentences would chain
// the words of a whole text into one candidate and the search would turn quadratic.
const DOT = String.raw`(?:\.|\s*(?:\(dot\)|\[dot\]|\{dot\}|<dot>)\s*|\s+dot\s+)`;
const AT = String.raw`\s*(?:@|\(at\)|\[at\]|\{at\}|<at>|\bat\b)\s*`;
const EMAIL_WORD = String.raw`[\p{L}\p{N}_%+-]+`;
const TLD = String.raw`(?:com|org|net|edu|gov|io|co|us|uk|ca|me|info|app|dev|mail)\b`;
const PROVIDER = String.raw`(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|aol|protonmail|proton|live|msn|comcast)`;
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th)?`;
const DATE = String.raw`(?:\d{1,2}[/.-]\d{1,2}(?:[/.-](?:\d{4}|\d{2}))?|\d{4}-\d{1,2}-\d{1,2}|${MONTH}\s+${DAY}(?:,?\s+\d{4})?|${DAY}\s+(?:of\s+)?${MONTH}(?:,?\s+\d{4})?)`;
/** A word of a person's name as students write it: letters, inner apostrophes and hyphens. */
const NAME_WORD = String.raw`\p{L}[\p{L}'’-]*`;
const RELATIONS = String.raw`(?:friends?|bestie|bff|bf|gf|boyfriend|girlfriend|buddy|pal|classmates?|lab\s+partner|study\s+buddy|partner|teachers?|tutor|counselou?r|coach|mom|mum|mother|dad|father|sister|sis|brother|bro|cousin|aunt|auntie|uncle|grandma|grandpa|grandmother|grandfather|nana|neighbou?r|roommate|teammate|crush|principal|step(?:dad|mom|brother|sister)|babysitter|mentor|twin)`;

const ASCII_UPPER = (c: number) => c >= 65 && c <= 90;
const isCapitalised = (w: string) => w.length > 0 && w[0] !== w[0]!.toLowerCase();
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether the code unit `text[i]` is a letter or digit (false outside the text); ASCII without a regex. */
function isWordCharAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  return c < 128 ? ASCII_WORD[c] !== 0 : WORD_CHAR.test(text[i]!);
}

/** The word right before `i` (skipping spaces), lower-cased; '' at a sentence boundary or the start. */
function wordBefore(text: string, i: number): string {
  let end = i;
  while (end > 0 && text[end - 1] === ' ') end--;
  let start = end;
  while (start > 0 && isWordCharAt(text, start - 1)) start--;
  return text.slice(start, end).toLowerCase();
}

/** The word right after `i` (skipping spaces), as written. */
function wordAfter(text: string, i: number): string {
  let start = i;
  while (start < text.length && text[start] === ' ') start++;
  let end = start;
  while (end < text.length && isWordCharAt(text, end)) end++;
  return text.slice(start, end);
}

/** Whether `i` starts a sentence: nothing but spaces, quotes or brackets since the text's start or a . ! ? or line break. */
function startsSentence(text: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = text[j]!;
    if (c === ' ' || c === '"' || c === '“' || c === '(' || c === '\'' || c === '*') continue;
    return c === '.' || c === '!' || c === '?' || c === '\n' || c === ':';
  }
  return true;
}

/**
 * Replaces whole-word occurrences of `needle` (no letter or digit on either side) that `accept`
 * approves with `token`. `hay` is the text to search: the text itself, or its lower-cased copy
 * (with a lower-cased needle) for a case-insensitive match. Plain indexOf scanning: no
 * per-person regex to compile, which dominated export time.
 */
function replaceWord(
  text: string, hay: string, needle: string, token: string, onHit: () => void, wholeWord = true,
  accept?: (text: string, from: number, end: number) => boolean,
): string {
  if (hay.length !== text.length) {
    // Lower-casing changed the length (e.g. "İ"): indexes would not line up, so use a regex.
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(wholeWord ? `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])` : escaped, 'giu');
    return text.replace(re, (m: string, offset: number) => (!accept || accept(text, offset, offset + m.length) ? (onHit(), token) : m));
  }
  let from = hay.indexOf(needle);
  if (from < 0) return text;
  let out = '';
  let last = 0;
  while (from >= 0) {
    const end = from + needle.length;
    if ((!wholeWord || (!isWordCharAt(text, from - 1) && !isWordCharAt(text, end))) && (!accept || accept(text, from, end))) {
      out += text.slice(last, from) + token;
      last = end;
      onHit();
    }
    from = hay.indexOf(needle, end);
  }
  return last === 0 ? text : out + text.slice(last);
}

// ---------------------------------------------------------------------------------------------
// The student's own name: where a part of it stands as a name

/**
 * A name part that is not an everyday word ("Maya", "Okafor"): in lower or mixed case, unless
 * "the Maya …" or "Jordan River". Not in capitals: "MARKER-ALICE", "NASA" are labels and acronyms.
 */
function acceptPart(text: string, from: number, end: number): boolean {
  const written = text.slice(from, end);
  if (written === written.toUpperCase() && written !== written.toLowerCase()) return false;
  const before = wordBefore(text, from);
  if (before === 'the' || TITLES.has(before)) return false;
  const next = wordAfter(text, end).toLowerCase();
  if (PLACE_WORDS.has(next)) return false;
  // "Maya Angelou", "Zora Neale Hurston": a public figure who shares the student's name.
  const lower = written.toLowerCase();
  return !(PAIR_HEADS.has(lower) && PUBLIC_FIGURE_PAIRS.has(`${lower} ${next}`)) && !(PAIR_TAILS.has(lower) && PUBLIC_FIGURE_PAIRS.has(`${before} ${lower}`));
}

/**
 * What comes before / after a space in a public-figure pair: a word (or full name) in neither
 * cannot start / end one, so `acceptPart` builds no key string for it (the usual case).
 */
const PAIR_HEADS = new Set<string>();
const PAIR_TAILS = new Set<string>();
for (const pair of PUBLIC_FIGURE_PAIRS) {
  for (let i = pair.indexOf(' '); i >= 0; i = pair.indexOf(' ', i + 1)) {
    PAIR_HEADS.add(pair.slice(0, i));
    PAIR_TAILS.add(pair.slice(i + 1));
  }
}

const INTRO_BEFORE = /(?:name is|name's|names|i'm|i’m|im|i am|this is|calls? me|it's|its|hi|hey|hello|thanks|thank you|dear|love|from)[\s,]+$/;
const NAME_FOLLOWERS = new Set(['here', 'speaking', 'again', 'from', 'lol', 'btw']);

/**
 * A name part that is also an everyday word ("Will", "Mark", "An"), searched in the lower-cased
 * text: as written and capitalised, mid-sentence or at a sentence start when what follows makes
 * it a name ("Will here", "Will, grade 11", "Will's notes"); or lower-cased right after "I'm" or
 * "my name is" at the end of a clause ("i'm will.").
 */
function acceptCommonPart(part: string) {
  return (text: string, from: number, end: number): boolean => {
    const written = text.slice(from, end);
    const lowerWritten = written === written.toLowerCase();
    const after = text[end];
    const clauseEnds = after === undefined || ',.!?;:)'.includes(after) || NAME_FOLLOWERS.has(wordAfter(text, end).toLowerCase());
    if (lowerWritten) return clauseEnds && INTRO_BEFORE.test(text.slice(Math.max(0, from - 16), from).toLowerCase());
    if (written !== part) return false;
    if (!acceptPart(text, from, end)) return false;
    if (part.includes(' ')) return true;
    // Mid-sentence a capitalised "Will" is the name; a capitalised "Jordan" may be the country.
    if (!startsSentence(text, from) && !PLACE_NAMES.has(written.toLowerCase())) return true;
    return clauseEnds || after === '\'' || after === '’' || after === '-' || INTRO_BEFORE.test(text.slice(Math.max(0, from - 16), from).toLowerCase());
  };
}

const ownEmails: MatchFunction = (scan, token, hit) => {
  let out = scan.text;
  for (const e of scan.needles.emails) {
    const lower = scan.lower;
    if (!lower.includes(e)) continue;
    out = scan.text = replaceWord(out, lower, e, token, hit, false);
  }
  return out;
};

const ownFullNames: MatchFunction = (scan, token, hit) => {
  for (const n of scan.needles.fullNames) {
    if (scan.mayHold(n)) scan.text = replaceWord(scan.text, scan.lower, n, token, hit, true, acceptPart);
  }
  return scan.text;
};

/**
 * A name part the lexicon knows as a word ("Maya" the people, "Jay" the bird): capitalised as a
 * name part; in lower case only after "I'm", "my name is"… or before "here".
 */
function acceptWordPart(text: string, from: number, end: number): boolean {
  const written = text.slice(from, end);
  if (written !== written.toLowerCase()) return acceptPart(text, from, end);
  return INTRO_BEFORE.test(text.slice(Math.max(0, from - 16), from).toLowerCase())
    || (startsSentence(text, from) && NAME_FOLLOWERS.has(wordAfter(text, end).toLowerCase()));
}

const ownParts: MatchFunction = (scan, token, hit) => {
  for (const p of scan.needles.parts) {
    if (scan.mayHold(p)) scan.text = replaceWord(scan.text, scan.lower, p, token, hit, true, acceptPart);
  }
  for (const p of scan.needles.wordParts) {
    if (scan.mayHold(p)) scan.text = replaceWord(scan.text, scan.lower, p, token, hit, true, acceptWordPart);
  }
  for (const p of scan.needles.commonParts) {
    const needle = p.toLowerCase();
    if (scan.mayHold(needle)) scan.text = replaceWord(scan.text, scan.lower, needle, token, hit, true, acceptCommonPart(p));
  }
  return scan.text;
};

// ---------------------------------------------------------------------------------------------
// Other people's names

/** Whether a word following a cue ("my friend ___", "Mr. ___") is a name: capitalised and not a function word, or a known name in lower case. */
function nameAfterCue(word: string, unknownIsName: boolean): boolean {
  const lower = word.toLowerCase();
  if (NOT_A_NAME.has(lower) || word.length < 2) return false;
  if (isCapitalised(word)) return true;
  // Lower case: the lexicon must know it as a name ("my friend tyler", not "my mom works"),
  // except after "mr"/"mrs"/"ms"/"dr", where any word but a known other word is a surname.
  const cls = wordLexicon().get(lower);
  return cls === 'given' || cls === 'surname' || (unknownIsName && cls === undefined && word.length > 2);
}

/** Replaces the name words of `words` (one or two) that pass, keeping the rest; null when the first is not a name. */
function nameWords(words: string, token: string, unknownIsName: boolean): string | null {
  const [first, ...rest] = words.split(/\s+/);
  if (!first || !nameAfterCue(first, unknownIsName)) return null;
  const second = rest[0];
  if (second && (isCapitalised(second) ? !NOT_A_NAME.has(second.toLowerCase()) && !PLACE_WORDS.has(second.toLowerCase()) : wordLexicon().get(second.toLowerCase()) === 'surname')) return token;
  return second === undefined ? token : `${token} ${second}`;
}

const afterHonorific: MatchReplacer = (_m, g, token) => {
  const name = nameWords(g.pii!, token, /^(?:mrs?|ms|mx|dr)\b/i.test(g.pre!));
  return name === null ? null : g.pre! + name;
};

const afterRelation: MatchReplacer = (_m, g, token) => {
  const name = nameWords(g.pii!, token, false);
  if (name === null) return null;
  const more = g.pii2 ? nameWords(g.pii2, token, false) : null;
  return g.pre! + name + (g.pii2 ? g.and! + (more ?? g.pii2) : '');
};

/** "Tyler Brooks": a given name the lexicon knows and a capitalised surname, not a public figure, not "the …" or "… River". */
const givenAndSurname: MatchFunction = (scan, token, hit) => {
  const text = scan.text;
  return text.replace(GIVEN_SURNAME, (m: string, first: string, last: string, offset: number) => {
    const lex = wordLexicon();
    const f = first.toLowerCase();
    const l = last.toLowerCase();
    if (lex.get(f) !== 'given' || COMMON_WORD_NAMES.has(f)) return m;
    const lastClass = lex.get(l);
    if (lastClass === 'word' || PLACE_WORDS.has(l) || NOT_A_NAME.has(l)) return m;
    if (PUBLIC_FIGURE_PAIRS.has(`${f} ${l}`) || wordBefore(text, offset) === 'the' || scan.isPublished(m)) return m;
    // Part of a longer public name: "Zora Neale Hurston", "Martin Luther King".
    const prev = wordBefore(text, offset);
    if (PUBLIC_FIGURE_PAIRS.has(`${prev} ${f}`)) return m;
    hit();
    return token;
  });
};

const GIVEN_SURNAME = /(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}\p{Ll}+)?)(?![\p{L}\p{N}])/gu;
const MAYBE_GIVEN_SURNAME = /\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}/u;

// ---------------------------------------------------------------------------------------------
// Addresses, handles, dates of birth, ids

const STREET = String.raw`(?:[Ss]treet|[Ss]t|[Aa]venue|[Aa]ve|[Rr]oad|[Rr]d|[Bb]oulevard|[Bb]lvd|[Ll]ane|[Ll]n|[Dd]rive|[Dd]r|[Cc]ourt|[Cc]t|Way|Place|Pl|[Tt]errace|[Pp]arkway|[Pp]kwy|[Cc]ircle|[Cc]ir|[Hh]ighway|[Hh]wy|STREET|ST|AVE|RD|BLVD|LN|DR)`;
const CITY_STOP = String.raw`(?:I|The|And|But|So|My|We|It|If|This|That|Then|Near|Next|By|In|On|At|Come|Call|See|Text|Please|Thanks|Lol|Apt|Which|Where|When|Just|Also|Right|Behind|Across|Room|Unit)\b`;
const ADDRESS = new RegExp(
  String.raw`\b\d{1,6}\s+(?<street>(?:[A-Za-z][A-Za-z'.-]*\s+){1,4})(?<suffix>${STREET})\b`
  + String.raw`(?:\.?,?\s*(?:[Aa]pt|[Aa]partment|[Uu]nit|[Ss]uite|#)\.?\s*#?[\w-]+)?`
  // The city: capitalised words after a comma (or lower-case ones ending the clause), or
  // capitalised words after a space when a state or ZIP code follows; then state and ZIP code.
  + String.raw`(?:\.?,\s*(?!${CITY_STOP})[A-Z][\p{L}'-]+(?:\s+(?!${CITY_STOP})[A-Z][\p{L}'-]+){0,2}`
  + String.raw`|,\s*(?!(?:and|but|so|which|where|then|near|i|it|we|my|the|lol|come|by|in|on|at|apt)\b)[a-z]{3,}(?:\s+[a-z]{3,})?(?=\s*(?:,|$|\.|!|\?|\s+\d{5}))`
  + String.raw`|\s+[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+){0,2}(?=,?\s+(?:[A-Z]{2}(?![\p{L}\p{N}])|\d{5})))?`
  + String.raw`(?:,?\s+[A-Z]{2}(?![\p{L}\p{N}]))?(?:,?\s+\d{5}(?:-\d{4})?)?`,
  'gu',
);
/** Suffixes that are everyday words in lower case: a lower-case street needs an unambiguous one. */
const AMBIGUOUS_SUFFIX = new Set(['way', 'place', 'pl', 'ct', 'dr', 'cir', 'court']);
const acceptAddress: MatchReplacer = (_m, g, token) => {
  const words = g.street!.trim().split(/\s+/);
  if (words.every((w) => ASCII_UPPER(w.charCodeAt(0)))) return token;
  // "the 3 simplest way", "in 2 different places": a lower-case street needs a street-only suffix and no function words.
  if (AMBIGUOUS_SUFFIX.has(g.suffix!.toLowerCase()) || words.some((w) => NOT_A_NAME.has(w.toLowerCase()))) return null;
  return token;
};

const PLATFORMS = String.raw`(?:insta(?:gram)?|ig|snap(?:chat)?|tiktok|tik\s+tok|twitter|discord|twitch|youtube|yt|reddit|telegram|kik|venmo|cashapp|github|threads|facebook|fb|whatsapp|steam|xbox|psn|roblox|spotify|bereal|tumblr|pinterest|linkedin)`;
const HANDLE_AT = /(?<![\p{L}\p{N}_.@])@(?=[\w.-]*[A-Za-z])[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?/gu;
const HANDLE_ON_PLATFORM = new RegExp(
  String.raw`(?<pre>\b${PLATFORMS}(?:\s+(?:handle|username|user\s*name|user|name|id|acct|account|tag|is|=|->|at|me))*\s*(?:[:=\-]|is|'s|’s)?\s*)(?<pii>@?[A-Za-z0-9_](?:[A-Za-z0-9_.#-]*[A-Za-z0-9_])?)`
  + '|' + String.raw`(?<pre2>\b(?:add|follow|dm|message|hmu|find)\s+me\s+(?:on|at)\s+${PLATFORMS}\s*[:\-]?\s*(?:(?:at|@|as|it's|its|is)\s*)?)(?<pii2>@?[A-Za-z0-9_](?:[A-Za-z0-9_.#-]*[A-Za-z0-9_])?)`,
  'giu',
);
/** A word after "insta is" is a handle if it has a digit, "_" or ".", starts with "@", or is not an English word ("my snap is down"). */
function isHandle(h: string): boolean {
  if (h.startsWith('@') || /[\d_.#]/.test(h)) return true;
  const lower = h.toLowerCase();
  if (NOT_A_NAME.has(lower) || HANDLE_STOP.has(lower)) return false;
  return wordLexicon().get(lower) !== 'word';
}
const HANDLE_STOP = new Set(['down', 'dead', 'private', 'public', 'broken', 'boring', 'fun', 'lame', 'story', 'stories', 'post', 'posts', 'account', 'acc', 'dms', 'dm', 'reels', 'streak', 'streaks', 'too', 'lol', 'and', 'or', 'but', 'for', 'tho', 'rn', 'app', 'messages']);
const acceptHandle: MatchReplacer = (_m, g, token) => {
  const pre = g.pre ?? g.pre2!;
  const h = g.pii ?? g.pii2!;
  // A bare word right after the platform ("snap judgments") needs something announcing it.
  if (/^[\p{L}]+$/u.test(h) && !ANNOUNCED.test(pre)) return null;
  return isHandle(h) ? pre + token : null;
};
const ANNOUNCED = /(?:[:=@-]|\bis|handle|name|\bid|'s|’s|\bat|\bas|\bme\s+on\s+\S+)\s*$/i;
const notATime: MatchReplacer = (m, _g, token) => (/^@\d{1,2}(?::\d\d)?(?:am|pm)?$/i.test(m) ? null : token);

const DOB = new RegExp(
  String.raw`(?<pre>\b(?:born(?:\s+on)?|birthday(?:\s+is|\s+was|'s|’s)?|bday(?:\s+is|'s|’s)?|b-day(?:\s+is)?|d\.?o\.?b\.?|date\s+of\s+birth(?:\s+is)?|birth\s*date(?:\s+is)?)\s*[:\-]?\s*(?:on\s+|is\s+)?)(?<pii>${DATE})(?![\p{L}\p{N}])`,
  'giu',
);
const prefixKept: MatchReplacer = (_m, g, token) => g.pre! + token;

const ID = new RegExp(
  String.raw`(?<pre>\b(?:(?:student|school|pupil|lunch|library|locker|college\s*board|ap|sat|registration|account)\s*(?:id|i\.d\.|number|num|no\.?|#|card|code|pin)|osis|ssn|social\s+security(?:\s+number)?|id|i\.d\.)(?:\s*(?:#|no\.?|number|num|is|was|=|:|-))*\s*)(?<pii>(?:[A-Z]{1,3}-?)?\d[\d-]{3,}[A-Z0-9]*)(?![\p{L}\p{N}])`,
  'giu',
);

/**
 * "jay22 at gmail", "okafor at westfield dot org", "maya_l at outlook.com" are emails; "my notes
 * at docs.google.com" is a sentence with a URL: with the plain word "at", the local part must look
 * like one (a digit, ".", "_") or the domain be a mail provider or have a spelled-out "dot".
 */
const spelledEmail: MatchReplacer = (_m, g, token) => {
  if (!/^\s*at\s*$/i.test(g.at!)) return token;
  if (/[\d._]/.test(g.local!) || /\bdot\b/i.test(g.local! + g.domain!) || PROVIDER_START.test(g.domain!)) return token;
  return null;
};
const PROVIDER_START = new RegExp(`^${PROVIDER}`, 'i');

const MAYBE_PHONE = /\d[\s.-]\d{3}|\)[\s.-]?\d{3}/;
const MAYBE_ADDRESS = /\d\s+[A-Za-z]/;
const SPELLED_AT = /\sat\s|[([{<]\s*at\s*[)\]}>]/;
const EMAIL_END = new RegExp(String.raw`\bdot\b|[([{<]dot[)\]}>]|\.${TLD}|${PROVIDER}`);
const URL_HINT = /https?:|www\.|\.(?:com|org|net|io|edu|gov|ly|gg|tv|app|dev|me|co|us|info|site|xyz|page|link|online|blog)\b/;
const HANDLE_ON_PLATFORM_HINT = new RegExp(String.raw`\b${PLATFORMS}\b`);
const DOB_HINT = /born|birth|bday|b-day|d\.?o\.?b/;
const LOOSE_ID_HINT = /\bid\b|i\.d\.|student number|osis/;

// ---------------------------------------------------------------------------------------------
// Cues: words and characters without which a rule cannot match, found in one pass (`Scan.has`).

/**
 * Cues: the words and characters without which a rule cannot match. `cuesOf` finds all of them in
 * one loop over the text's character codes, hashing each ASCII word and looking the hash up in a
 * map of cue words, with no string made: a regex alternation of the same ~150 words cost 3 µs on
 * a 400-character text, this ~0.5 µs. A hash collision only makes a rule look closer (its own
 * patterns decide); a missing cue would make it skip, so every rule's cue words are listed here.
 */
const CUE = {
  at: 1, hash: 2, digit: 4, url: 8, spelledAt: 16, dotOrProvider: 32, platform: 64, dob: 128, id: 256,
  street: 512, honorific: 1024, relation: 2048, capitalisedPair: 4096, nonAscii: 8192, idNoun: 16384, idOwner: 32768,
  // Shapes rather than words, for the rules' regex hints (exact in ASCII text only: with
  // `nonAscii` set the rules ignore them, since /iu patterns fold letters such as 'ſ' or 'K').
  /** A digit and three more digits or hyphens: what an id number needs (`\d[\d-]{3}`). */
  digits4: 65536,
  /** Six digits in a row: the loose id rule's `\d{6}`. */
  digits6: 131072,
  /** An id owner word followed, past spaces only, by an id noun, "id", "i" (of "i.d.") or "#": "student number". */
  idPair: 262144,
  /** `MAYBE_PHONE`: a digit or ")" then (for a digit, one separator) then three digits. */
  phoneish: 524288,
} as const;

const CUE_WORDS: [number, string][] = [
  [CUE.url, 'http https www'],
  [CUE.spelledAt, 'at'],
  [CUE.dotOrProvider, 'dot gmail googlemail yahoo hotmail outlook icloud aol protonmail proton live msn comcast'],
  [CUE.platform, 'insta instagram ig snap snapchat tiktok tik twitter discord twitch youtube yt reddit telegram kik venmo cashapp github threads facebook fb whatsapp steam xbox psn roblox spotify bereal tumblr pinterest linkedin'],
  [CUE.dob, 'born birth birthday bday dob birthdate day'],
  [CUE.id, 'id osis ssn security'],
  // "student number", "lunch no.": both words needed ("a negative number" alone is no cue).
  [CUE.idNoun, 'number num no card code pin'],
  [CUE.idOwner, 'student school pupil lunch library locker board ap sat registration account'],
  [CUE.street, 'street st avenue ave road rd boulevard blvd lane ln drive dr court ct way place pl terrace parkway pkwy circle cir highway hwy'],
  [CUE.honorific, 'mr mrs ms mx dr prof professor miss mister coach madam madame senor senora sr sra mme mlle'],
  [CUE.relation, 'friend friends bestie bff bf gf boyfriend girlfriend buddy pal classmate classmates partner teacher teachers tutor counselor counsellor coach mom mum mother dad father sister sis brother bro cousin aunt auntie uncle grandma grandpa grandmother grandfather nana neighbor neighbour roommate teammate crush principal stepdad stepmom stepbrother stepsister babysitter mentor twin'],
];
const TLD_WORDS = 'com org net io edu gov ly gg tv app dev me co us info site xyz page link online blog';

const wordHash = (w: string) => {
  let h = 0;
  for (let i = 0; i < w.length; i++) h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0;
  return h;
};
/**
 * Cue words by hash in an open-addressing table of typed arrays (a Map lookup per word cost more
 * than the rest of the loop). Slot 0 of `CUE_KEYS` means empty unless its bits say otherwise.
 */
const CUE_SLOTS = 1024;
const CUE_KEYS = new Int32Array(CUE_SLOTS);
const CUE_BITS = new Int32Array(CUE_SLOTS);
const TLD_BIT = 1 << 30;
const slotOf = (h: number) => (h ^ (h >>> 11)) & (CUE_SLOTS - 1);
function addCueWord(word: string, bit: number): void {
  const h = wordHash(word);
  let i = slotOf(h);
  while (CUE_BITS[i] !== 0 && CUE_KEYS[i] !== h) i = (i + 1) & (CUE_SLOTS - 1);
  CUE_KEYS[i] = h;
  CUE_BITS[i]! |= bit;
}
for (const [bit, words] of CUE_WORDS) for (const w of words.split(' ')) addCueWord(w, bit);
for (const w of TLD_WORDS.split(' ')) addCueWord(w, TLD_BIT);
function cueBitsOf(h: number): number {
  for (let i = slotOf(h); CUE_BITS[i] !== 0; i = (i + 1) & (CUE_SLOTS - 1)) if (CUE_KEYS[i] === h) return CUE_BITS[i]!;
  return 0;
}

/**
 * The cues of a text, as bits of `CUE`. Words are runs of ASCII letters, hashed lower-cased; a
 * TLD word right after "x." counts as a URL cue; two capitalised words in a row set
 * `capitalisedPair`; a character beyond ASCII sets `nonAscii` (rules that need letters of any
 * script test their own patterns then).
 */
function cuesOf(text: string, stamp: number): number {
  let bits = 0;
  let prevCapitalised = false;
  let afterDot = false;
  // The owner word ("student") of a possible "student number", while only spaces follow it.
  let owner = false;
  // Length of the current run of digits and hyphens that started with a digit; of digits only.
  let dashRun = 0;
  let digitRun = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 32;
    if ((((c | 32) - 97) >>> 0) < 26) {
      // A word: its letters in a tight loop, then what ends it (at `i`) as any other character.
      const upperFirst = c <= 90;
      let h = c | 32;
      let j = i + 1;
      c = 32;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        const l = d | 32;
        if (((l - 97) >>> 0) >= 26) {
          c = d;
          break;
        }
        h = (Math.imul(h, 31) + l) | 0;
      }
      const len = j - i;
      const start = i;
      i = j;
      WORD_STAMPS[h & WORD_SLOTS_MASK] = stamp;
      let b = 0;
      if (len <= 12) {
        b = cueBitsOf(h);
        bits |= b & ~TLD_BIT;
        if (afterDot && (b & TLD_BIT) !== 0) bits |= CUE.url;
      }
      if (owner && ((b & (CUE.idNoun | CUE.id)) !== 0 || idNounAt(text, start))) bits |= CUE.idPair;
      // "i.d.": the id noun spelled with dots (the patterns accept it alone too).
      else if (h === 100 && len === 1 && i >= 3 && text.charCodeAt(i - 2) === 46 && (text.charCodeAt(i - 3) | 32) === 105) bits |= CUE.idPair;
      owner = (b & CUE.idOwner) !== 0;
      const capitalised = upperFirst && len > 1;
      if (capitalised && prevCapitalised) bits |= CUE.capitalisedPair;
      prevCapitalised = capitalised && c === 32;
      dashRun = 0;
      digitRun = 0;
    } else if (c !== 32) prevCapitalised = false;
    const k = c < 128 ? CHAR_CLASS[c]! : C_NON_ASCII;
    afterDot = false;
    if (k === C_SPACE) {
      // Spaces and control characters: `owner` waits for its noun.
      dashRun = 0;
      digitRun = 0;
      continue;
    }
    if (k === C_DIGIT) {
      bits |= CUE.digit;
      dashRun++;
      if (++digitRun >= 3) bits |= digitShape(text, i, digitRun);
      if (dashRun >= 4) bits |= CUE.digits4;
      owner = false;
      continue;
    }
    digitRun = 0;
    if (k === C_DASH) {
      if (dashRun > 0 && ++dashRun >= 4) bits |= CUE.digits4;
    } else {
      dashRun = 0;
      if (k === C_AT) bits |= CUE.at;
      else if (k === C_HASH) {
        bits |= CUE.hash;
        if (owner) bits |= CUE.idPair;
      } else if (k === C_DOT) afterDot = i > 0 && isWordCharAt(text, i - 1);
      else if (k === C_NON_ASCII) bits |= CUE.nonAscii;
    }
    owner = false;
  }
  return bits;
}

/** Whether an id noun starts at `i` ("number", "numberRG-4821", "i.d."): the id pattern wants no word end after it. */
function idNounAt(text: string, i: number): boolean {
  ID_NOUN_AT.lastIndex = i;
  return ID_NOUN_AT.test(text);
}
const ID_NOUN_AT = /(?:id|i\.|number|num|no|card|code|pin)/iy;

/** The shape bits of a run of `run` (3 or more) digits ending at `i`: `digits6`, and `phoneish` for its first three. */
function digitShape(text: string, i: number, run: number): number {
  if (run >= 6) return CUE.digits6;
  if (run !== 3 || i < 3) return 0;
  const p = text.charCodeAt(i - 3);
  if (p === 41) return CUE.phoneish;
  if (i >= 4 && (p === 46 || p === 45 || p <= 32)) {
    const q = text.charCodeAt(i - 4);
    if ((q >= 48 && q <= 57) || q === 41) return CUE.phoneish;
  }
  return 0;
}

/** Classes of ASCII characters for `cuesOf`. */
const C_OTHER = 0, C_LETTER = 1, C_DIGIT = 2, C_SPACE = 3, C_DASH = 4, C_AT = 5, C_HASH = 6, C_DOT = 7, C_NON_ASCII = 8;
const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c <= 32; c++) CHAR_CLASS[c] = C_SPACE;
for (let c = 65; c <= 90; c++) CHAR_CLASS[c] = CHAR_CLASS[c + 32] = C_LETTER;
for (let c = 48; c <= 57; c++) CHAR_CLASS[c] = C_DIGIT;
CHAR_CLASS[45] = C_DASH;
CHAR_CLASS[64] = C_AT;
CHAR_CLASS[35] = C_HASH;
CHAR_CLASS[46] = C_DOT;
void C_OTHER;

/**
 * Which lower-cased ASCII words the current text holds, by hash: a slot holds the stamp of the
 * last text that had a word with that hash (no clearing between texts). Exact only for ASCII
 * text; a collision only makes a name look present (its own search decides).
 */
const WORD_SLOTS_MASK = 4095;
const WORD_STAMPS = new Int32Array(WORD_SLOTS_MASK + 1);
let lastStamp = 0;

// ---------------------------------------------------------------------------------------------
// The registry, applied in order: contacts before names, the person's own identity first.

export const RULES: readonly RedactionRule[] = [
  {
    kind: 'email', name: 'the person\'s own email', replacement: '[EMAIL]',
    prefilter: (s) => s.needles.emails.length > 0 && (!s.needles.emailsHaveAt || s.text.includes('@')),
    matcher: ownEmails,
  },
  {
    // Letters of any script: an address like zoë@école.fr must not leave "zoë" behind.
    kind: 'email', name: 'email address', replacement: '[EMAIL]',
    cues: CUE.at, prefilter: (s) => s.has(CUE.at) && s.text.includes('@'),
    matcher: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu,
  },
  {
    kind: 'email', name: 'spelled-out email ("john dot smith at gmail dot com")', replacement: '[EMAIL]',
    cues: CUE.spelledAt, prefilter: (s) => s.has(CUE.spelledAt) && s.has(CUE.dotOrProvider | CUE.url) && SPELLED_AT.test(s.lower) && EMAIL_END.test(s.lower),
    matcher: new RegExp(String.raw`(?<![\p{L}\p{N}])(?<local>${EMAIL_WORD}(?:${DOT}${EMAIL_WORD})*)(?<at>${AT})(?<domain>${PROVIDER}(?:${DOT}${TLD})?|${EMAIL_WORD}(?:${DOT}${EMAIL_WORD})*${DOT}${TLD})`, 'giu'),
    replace: spelledEmail,
  },
  {
    kind: 'url', name: 'URL', replacement: '[URL]',
    cues: CUE.url, prefilter: (s) => s.has(CUE.url) && URL_HINT.test(s.lower),
    matcher: /\b(?:https?:\/\/|www\.)[^\s<>"')\]]*[^\s<>"')\].,;:!?]|(?<![\p{L}\p{N}@.-])(?:[\p{L}\p{N}-]+\.)+(?:com|org|net|io|edu|gov|ly|gg|tv|app|dev|me|co|us|info|site|xyz|page|link|online|blog)\b(?:\/[^\s<>"')\]]*[^\s<>"')\].,;:!?])?/giu,
  },
  {
    kind: 'handle', name: 'social handle after its platform ("my insta is jay.k", "snap: jaykay22")', replacement: '[HANDLE]',
    cues: CUE.platform, prefilter: (s) => s.has(CUE.platform) && HANDLE_ON_PLATFORM_HINT.test(s.lower),
    matcher: HANDLE_ON_PLATFORM, replace: acceptHandle,
  },
  {
    kind: 'handle', name: '@handle', replacement: '[HANDLE]',
    cues: CUE.at, prefilter: (s) => s.has(CUE.at) && s.text.includes('@'),
    matcher: HANDLE_AT, replace: notATime,
  },
  {
    kind: 'dob', name: 'date of birth ("born 03/14/2009", "my birthday is March 14, 2009")', replacement: '[DOB]',
    cues: CUE.dob, prefilter: (s) => s.has(CUE.dob) && s.has(CUE.digit) && DOB_HINT.test(s.lower),
    matcher: DOB, replace: prefixKept,
  },
  {
    kind: 'id', name: 'student or other id number ("student ID 4839201", "id# A1234567")', replacement: '[ID]',
    cues: CUE.digits4, prefilter: (s) => s.has(CUE.digits4) && (s.has(CUE.id | CUE.hash) || (s.has(CUE.idNoun) && s.has(CUE.idOwner) && (s.hasShape(CUE.idPair) || ID_JOINED.test(s.text)))) && ID_HINT.test(s.lower),
    matcher: ID, replace: prefixKept,
  },
  {
    kind: 'id', name: 'a long number a few words after "ID" ("what is my ID? I think it is 7734211")', replacement: '[ID]',
    cues: CUE.digits6, prefilter: (s) => s.has(CUE.digits6) && s.has(CUE.id | CUE.idNoun) && LOOSE_ID_HINT.test(s.lower),
    matcher: /(?<pre>\b(?:id|i\.d\.|student\s+number|osis)\b[^\d\n]{0,30}?)(?<pii>\b[A-Z]?\d{6,})(?![\p{L}\p{N}])/giu, replace: prefixKept,
  },
  {
    // 7+ digits with separators, optional country code; not plain numbers like 2024 or 3.14,
    // nor part of a longer dotted number; a sentence may end right after one.
    kind: 'phone', name: 'phone number', replacement: '[PHONE]',
    cues: CUE.phoneish | CUE.nonAscii, prefilter: (s) => s.hasShape(CUE.phoneish) && MAYBE_PHONE.test(s.text),
    matcher: /(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}(?!\w|\.\d)/g,
  },
  {
    kind: 'address', name: 'street address with its city, state and ZIP code', replacement: '[ADDRESS]',
    cues: CUE.street, prefilter: (s) => s.has(CUE.street) && s.has(CUE.digit) && MAYBE_ADDRESS.test(s.text),
    matcher: ADDRESS, replace: acceptAddress,
  },
  {
    kind: 'name', name: 'the person\'s own full name, any case, hyphens or not', replacement: '[NAME]',
    prefilter: (s) => s.needles.fullNames.length > 0,
    matcher: ownFullNames,
  },
  {
    kind: 'name', name: 'parts of the person\'s own name where they stand as a name', replacement: '[NAME]',
    prefilter: (s) => s.needles.parts.length + s.needles.wordParts.length + s.needles.commonParts.length > 0,
    matcher: ownParts,
  },
  {
    kind: 'name', name: 'name after an honorific ("Mrs. Okafor", "mr chen")', replacement: '[NAME]',
    cues: CUE.honorific, prefilter: (s) => s.has(CUE.honorific),
    matcher: new RegExp(String.raw`(?<pre>(?<![\p{L}\p{N}])(?:mrs?|ms|mx|dr|prof|professor|miss|mister|coach|madame?|señora?|senora?|sra?|mme|mlle)\.?\s+)(?<pii>${NAME_WORD}(?:\s+\p{Lu}[\p{L}'’-]*)?)`, 'giu'),
    replace: afterHonorific,
  },
  {
    kind: 'name', name: 'name after "my friend / teacher / mom …"', replacement: '[NAME]',
    cues: CUE.relation, prefilter: (s) => s.has(CUE.relation) && RELATION_HINT.test(s.lower),
    matcher: new RegExp(String.raw`(?<pre>\b(?:my|our|his|her)\s+(?:(?:best|old|new|close|little|big|older|younger|other|math|english|reading|sat|chem|bio|history|physics|science|favou?rite|ex|guidance)\s+){0,2}${RELATIONS}\s*,?\s+)(?<pii>${NAME_WORD}(?:\s+(?!(?:and|or|&)\b)${NAME_WORD})?)(?:(?<and>\s+(?:and|&)\s+)(?<pii2>${NAME_WORD}(?:\s+\p{Lu}[\p{L}'’-]*)?))?`, 'giu'),
    replace: afterRelation,
  },
  {
    kind: 'name', name: 'given name and surname ("Tyler Brooks"), public figures kept', replacement: '[NAME]',
    cues: CUE.capitalisedPair | CUE.nonAscii, prefilter: (s) => s.has(CUE.capitalisedPair) || (s.has(CUE.nonAscii) && MAYBE_GIVEN_SURNAME.test(s.text)),
    matcher: givenAndSurname,
  },
];

/** An owner word and its id noun written as one word ("studentnumber"), which `idPair` does not see. */
const ID_JOINED = /(?:student|school|pupil|lunch|library|locker|board|ap|sat|registration|account)(?:id|i\.|number|num|no|card|code|pin)/i;
const ID_HINT = /(?:\bid|i\.d\.|number|num|no\.?|#|card|code|pin|osis|ssn|security)[\s:#=.-]{0,4}(?:is\s+|was\s+)?[a-z]{0,3}-?\d[\d-]{3}/;
const RELATION_HINT = new RegExp(String.raw`\b(?:my|our|his|her)\s+(?:[a-z]+\s+){0,2}${RELATIONS}\b`);

/**
 * Applies a regex rule: each match replaced by the rule's `replace` (or whole), one hit per token
 * written. A candidate that `replace` turns down is searched again from its next character, so
 * "my mom works late and my friend tyler" still finds the second cue.
 */
function applyRegex(rule: RedactionRule & { matcher: RegExp }, scan: Scan, hit: () => void): string {
  const { matcher: re, replace, replacement } = rule;
  const text = scan.text;
  if (!replace && !scan.published) return text.replace(re, () => (hit(), replacement));
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const groups = m.groups ?? {};
    // Text the question bank published (a passage's "Dr. Jane Goodall") is not the student's.
    const r = scan.isPublished(groups.pii ?? m[0]) ? null : replace ? replace(m[0], groups, replacement) : replacement;
    if (r === null) {
      re.lastIndex = m.index + 1;
      continue;
    }
    out += text.slice(last, m.index) + r;
    last = m.index + m[0].length;
    for (let i = r.indexOf(replacement); i >= 0; i = r.indexOf(replacement, i + replacement.length)) hit();
  }
  return last === 0 ? text : out + text.slice(last);
}

// ---------------------------------------------------------------------------------------------
// Needles: what to look for per person

/** What to look for, per identity: emails, full names (any case) and name parts. */
export interface Needles {
  /** Lower-cased: matched in any case. */
  emails: string[];
  /** Lower-cased names of two or more words, and hyphenated names written with a space or joined: any case, whole words. */
  fullNames: string[];
  /** Lower-cased name parts that are not everyday words: any case, whole words, not in "the Maya …" or "Jordan River". */
  parts: string[];
  /** Name parts that are everyday words or two letters, capitalised: only where they stand as a name (see `acceptCommonPart`). */
  commonParts: string[];
  /** Lower-cased name parts the lexicon knows as other words ("maya", "jay"): capitalised, or lower-case right after "I'm"/"my name is". */
  wordParts: string[];
  /** Whether every email contains "@" (they all do, unless stored data is odd): text without one holds none of them. */
  emailsHaveAt: boolean;
}

const noNeedles = (): Needles => ({ emails: [], fullNames: [], parts: [], commonParts: [], wordParts: [], emailsHaveAt: true });

export function needlesFor(identities: Identity[]): Needles {
  const needles = noNeedles();
  for (const identity of identities) addIdentity(needles, identity);
  return sorted(needles);
}

/**
 * `needlesFor` of one person's name and email and `more` identities: the export's case, once a
 * row, without building the lists of identities.
 */
export function personNeedles(name: string, email: string, more?: Identity[]): Needles {
  // The same person as the last call (an export's rows often come a person at a time): the same
  // needles, which nothing changes once made. No larger cache: the export's rows alternate
  // between more people than a small cache holds, and a 1024-entry cache measured slower then
  // (0.53 → 0.8 µs a row for 20K people in turn: every miss leaves an entry that lived long enough
  // to be promoted, the old generation fills with garbage), while building costs ~0.4 µs a row.
  if (more === undefined && name === last.name && email === last.email) return last.needles;
  const needles = noNeedles();
  addEmail(needles, email);
  addName(needles, name);
  if (more) for (const identity of more) addIdentity(needles, identity);
  sorted(needles);
  if (more === undefined) last = { name, email, needles };
  return needles;
}
let last = { name: '', email: '', needles: noNeedles() };

/**
 * `needles` without the name needles that `published` (lower-cased) holds as whole words: text the
 * example quotes from the question bank (a passage on Maria Sibylla Merian, read by a student named
 * Maria) keeps its names, in the input and where the tutor's answer quotes it, instead of becoming
 * "[NAME]" (a placeholder the export then drops). What it costs: a student's own name that the
 * passage also holds is left in the example, which by then cannot tell it from the passage's.
 * Emails always stay needles. The same object when no name needle occurs (the usual case); never
 * changes `needles` (personNeedles reuses them).
 */
export function namesNotIn(needles: Needles, published: string): Needles {
  const inPublished = (n: string) => containsWord(published, n.toLowerCase());
  const { fullNames, parts, commonParts, wordParts } = needles;
  if (!fullNames.some(inPublished) && !parts.some(inPublished) && !commonParts.some(inPublished) && !wordParts.some(inPublished)) return needles;
  const keep = (list: string[]) => list.filter((n) => !inPublished(n));
  return { ...needles, fullNames: keep(fullNames), parts: keep(parts), commonParts: keep(commonParts), wordParts: keep(wordParts) };
}

/** Whether `word` occurs in `text` with no letter or digit right before or after it. */
function containsWord(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (!isWordCharAt(text, i - 1) && !isWordCharAt(text, i + word.length)) return true;
  }
  return false;
}

function addIdentity(needles: Needles, identity: Identity): void {
  for (const e of identity.emails) addEmail(needles, e);
  for (const n of identity.names) addName(needles, n);
}

function addEmail(needles: Needles, email: string): void {
  if (email.length <= 3) return;
  const e = email.toLowerCase();
  needles.emails.push(e);
  if (!e.includes('@')) needles.emailsHaveAt = false;
}

const pushNew = (list: string[], s: string) => { if (!list.includes(s)) list.push(s); };
const capitalise = (w: string) => w[0]!.toUpperCase() + w.slice(1);
const HYPHENS = /[-‐‑]/;

/**
 * A name's needles: the whole name and its hyphen-less spellings ("Mary-Jane Smith-Jones" →
 * "mary jane smith jones", "maryjane", "smith jones"…) in any case; each part ("Mary", "Jane",
 * "Smith", "Jones") in any case, or only as a name if it is an everyday word.
 */
type NameNeedles = Pick<Needles, 'fullNames' | 'parts' | 'commonParts' | 'wordParts'>;

const addName = (needles: Needles, name: string) => nameLists(needles, name);

function nameLists(needles: NameNeedles, name: string): void {
  const n = name.trim();
  if (n.length < 2) return;
  if (plainName(n)) {
    // Most names: ASCII words between single spaces, no hyphen; no joined or spaced variants.
    // The same lists as below, with no regex, split or map (this runs once per exported row).
    const lowerName = n.toLowerCase();
    let allCommon = true;
    let words = 1;
    for (let start = 0; start < n.length;) {
      let end = n.indexOf(' ', start);
      if (end < 0) end = n.length;
      else words++;
      if (end - start >= 3 && !COMMON_WORD_NAMES.has(lowerName.slice(start, end))) allCommon = false;
      start = end + 1;
    }
    if (words > 1) {
      if (allCommon) pushNew(needles.commonParts, capitaliseWords(n));
      else pushNew(needles.fullNames, lowerName);
    }
    for (let start = 0; start < n.length;) {
      let end = n.indexOf(' ', start);
      if (end < 0) end = n.length;
      if (end - start >= 2) addPart(needles, n.slice(start, end), lowerName.slice(start, end));
      start = end + 1;
    }
    return;
  }
  const words = n.split(/\s+/);
  if (!HYPHENS.test(n)) {
    // Most names: no hyphen, so no joined or spaced variants.
    let allCommon = true;
    for (const w of words) if (w.length >= 3 && !COMMON_WORD_NAMES.has(w.toLowerCase())) allCommon = false;
    if (words.length > 1) {
      if (allCommon) pushNew(needles.commonParts, words.map(capitalise).join(' '));
      else pushNew(needles.fullNames, words.join(' ').toLowerCase());
    }
    for (const w of words) if (w.length >= 2) addPart(needles, w);
    return;
  }
  const subparts: string[] = [];
  const allCommon = words.every((w) => w.split(HYPHENS).every((p) => p.length < 3 || COMMON_WORD_NAMES.has(p.toLowerCase())));
  const addFull = (full: string) => {
    if (allCommon) pushNew(needles.commonParts, full.split(' ').map(capitalise).join(' '));
    else pushNew(needles.fullNames, full.toLowerCase());
  };
  if (words.length > 1) addFull(words.join(' '));
  if (HYPHENS.test(n)) {
    if (words.length > 1) addFull(words.map((w) => w.split(HYPHENS).join(' ')).join(' '));
    for (const w of words) {
      const pieces = w.split(HYPHENS).filter(Boolean);
      if (pieces.length < 2) continue;
      addFull(w.replace(/[-‐‑]+/g, '-'));
      addFull(pieces.join(' '));
      addFull(pieces.join(''));
    }
  }
  for (const w of words) for (const p of w.split(HYPHENS)) if (p.length >= 2) subparts.push(p);
  for (const p of subparts) addPart(needles, p);
}

/** Whether a trimmed name is printable ASCII words between single spaces, with no hyphen. */
function plainName(n: string): boolean {
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c < 32 || c > 126 || c === 45 || (c === 32 && n.charCodeAt(i + 1) === 32)) return false;
  }
  return true;
}

/** "will mark" → "Will Mark" (ASCII words between single spaces). */
function capitaliseWords(n: string): string {
  let out = '';
  for (let start = 0; start < n.length;) {
    let end = n.indexOf(' ', start);
    if (end < 0) end = n.length;
    out += (start > 0 ? ' ' : '') + capitalise(n.slice(start, end));
    start = end + 1;
  }
  return out;
}

/** A name part goes to the list that says where it counts as the name (see `Needles`). */
function addPart(needles: NameNeedles, p: string, lower = p.toLowerCase()): void {
  if (p.length < 3 || COMMON_WORD_NAMES.has(lower)) pushNew(needles.commonParts, capitalise(p));
  else if (wordLexicon().get(lower) === 'word') pushNew(needles.wordParts, lower);
  else pushNew(needles.parts, lower);
}

/** Longest first, so "Maya Lopez" goes before "Maya". */
function sorted(needles: Needles): Needles {
  longestFirst(needles.fullNames);
  longestFirst(needles.parts);
  longestFirst(needles.commonParts);
  longestFirst(needles.wordParts);
  return needles;
}

/** Sorts longest first, keeping the order of equal lengths; two elements swapped in place (Array#sort allocates even for two). */
function longestFirst(list: string[]): void {
  if (list.length === 2) {
    if (list[1]!.length > list[0]!.length) list.reverse();
  } else if (list.length > 2) list.sort((a, b) => b.length - a.length);
}

// ---------------------------------------------------------------------------------------------
// Running the registry

/** Keeps the redaction counts of one export run. */
export class Redactor {
  readonly counts: RedactionCounts = emptyCounts();
  private readonly hits = Object.fromEntries(PII_KINDS.map((k) => [k, () => void this.counts[k]++])) as Record<PiiKind, () => void>;
  private readonly scan = new Scan();

  private readonly rules: readonly RedactionRule[];

  constructor(rules: readonly RedactionRule[] = RULES) {
    this.rules = rules;
  }

  /** Removes PII from a text, counting what was removed. The person's own email and name go first. */
  redact(text: string, identities: Identity[], published = ''): string {
    return this.redactWith(text, needlesFor(identities), published);
  }

  /**
   * As `redact`, with needles prepared once per person (see `needlesFor`). `published`: the
   * question-bank text the example quotes, lower-cased; what it holds is left as it is.
   */
  redactWith(text: string, needles: Needles, published = ''): string {
    const scan = this.scan;
    scan.reset(text, needles, published);
    // The cue pass runs on every text anyway (the spelled-email rule asks it first); run up front,
    // it lets the loop skip most rules on their `cues` without calling their prefilters.
    const cues = scan.cues();
    for (const rule of this.rules) {
      if (rule.cues !== undefined && (cues & rule.cues) === 0) continue;
      if (!rule.prefilter(scan)) continue;
      const hit = this.hits[rule.kind];
      scan.text = typeof rule.matcher === 'function'
        ? rule.matcher(scan, rule.replacement, hit)
        : applyRegex(rule as RedactionRule & { matcher: RegExp }, scan, hit);
    }
    const out = scan.text;
    scan.text = '';
    return out;
  }
}

/** One-off redaction; pipelines keep one Redactor for the whole run's counts. */
export function redact(text: string, identities: Identity[], counts: RedactionCounts, published?: string): string {
  const r = new Redactor();
  const out = r.redact(text, identities, published?.toLowerCase());
  addCounts(counts, r.counts);
  return out;
}

/** Adds `more` to `counts`, kind by kind. */
export function addCounts(counts: RedactionCounts, more: RedactionCounts): void {
  for (const k of PII_KINDS) counts[k] += more[k];
}
