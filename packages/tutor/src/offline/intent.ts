/**
 * What a student asks for in a help request. Ordered: the first rule that matches wins, so the
 * explicit requests ("just a hint", "check my work") are tried before the broad ones ("why").
 */
export const HELP_INTENTS = ['hint', 'check-work', 'why-wrong', 'first-step', 'concept', 'explain'] as const;
export type HelpIntent = (typeof HELP_INTENTS)[number];

/** Spellings students type, mapped to the word the rules look for. */
const SHORTHAND: [RegExp, string][] = [
  [/\bu\b/g, 'you'],
  [/\bur\b/g, 'your'],
  [/\by\b(?= (is|was|isn'?t|wasn'?t|not|do|does|did|cant|can'?t))/g, 'why'],
  [/\bwhy+\b|\bwhi\b|\bwhyy+\b/g, 'why'],
  [/\b(wat|wut|wht|whats)\b/g, 'what'],
  [/\b(pls|plz|pleas|plase)\b/g, 'please'],
  [/\b(dont|dnt|don't)\b/g, "don't"],
  [/\b(cant|can't)\b/g, "can't"],
  [/\b(isnt|isn't)\b/g, "isn't"],
  [/\b(wasnt|wasn't)\b/g, "wasn't"],
  [/\b(im|i'm)\b/g, 'i am'],
  [/\b(idk|dunno)\b/g, "i don't know"],
  [/\b(wrnog|worng|wromg|wrogn|wrng|wong|rong|wrongg+)\b/g, 'wrong'],
  [/\b(corect|corret|correkt|currect)\b/g, 'correct'],
  [/\b(rite|rigth|rihgt)\b/g, 'right'],
  [/\b(explian|expalin|explane|xplain|eplain)\b/g, 'explain'],
  [/\b(hnt|hitn|hintt)\b/g, 'hint'],
  [/\b(strat|strt)\b/g, 'start'],
  [/\b(anwser|answr|asnwer|ans)\b/g, 'answer'],
  [/\b(concpet|consept|concep)\b/g, 'concept'],
  [/\b(becuase|becasue|cuz|bc|cause)\b/g, 'because'],
  [/\b(mistaek|mistke)\b/g, 'mistake'],
  [/\b(chek|chk|chekc)\b/g, 'check'],
  [/\b(frist|fisrt|fist)\b/g, 'first'],
];

/** Lower-cases, straightens quotes and expands shorthand and common typos. */
export function normaliseQuery(query: string): string {
  let s = ` ${query.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim()} `;
  for (const [re, to] of SHORTHAND) s = s.replace(re, to);
  return s.replace(/\s+/g, ' ').trim();
}

const RULES: [HelpIntent, RegExp][] = [
  // "why is B right" asks for the reasoning, not for a verdict on the student's work.
  ['explain', /\bwhy (is|was|would) (the answer |choice |option )?[a-d0-9-]\S* (right|correct|the answer)\b/],
  ['hint', /\bhint|\bclue\b|\bnudge\b|\bsmall tip\b|\bjust a tip\b|\bgive me a tip\b|(don't|do not|without) (tell|telling|give|giving|spoil|spoiling)( me)? (the|it|away)|not the (whole )?answer|point me in/],
  [
    'check-work',
    /\bcheck\b|\bverify\b|\bam i (right|correct|wrong)\b|\bis (my answer|mine|it|this|that) (right|correct|ok)\b|\bdid i (get|do|solve) (it|this|that)( one)? (right|correctly)\b|\bi got (-?\d|[a-d]\b)|\bmy answer (is|was)\b|\bis (the answer )?[a-d] (right|correct)\b|\bwas i right\b|\bis \S+ (right|correct)\??$|\bis it [a-d0-9-][^ ]*\??$|\bright\?$|\bcorrect\?$/,
  ],
  [
    'why-wrong',
    /\bwrong\b|\bincorrect\b|\bmistake\b|\bnot (right|correct|the answer)\b|\bwhy (not|isn't|wasn't|can't)\b|\bwhere did i (go|mess)|\bmessed up\b|\bwhy did i (miss|get|lose)\b|\bwhy (is|was) (it|the answer) not\b|\bmissed (it|this|that)\b|\bwhat('s| is| was)? wrong\b/,
  ],
  [
    'first-step',
    /\bfirst (step|thing|move)\b|\bstart\b|\bbegin\b|\bwhere (do|should|would) i (even )?(start|go|begin)\b|\bwhat (do|should) i do first\b|\bstuck\b|\bset (it |this )?up\b|\bsetup\b|\bapproach\b|\bhow (do|should) i (even )?(tackle|attack)\b|\bwhat('s| is) the first\b|\bgetting started\b/,
  ],
  [
    'concept',
    /\bconcept\b|\bfaster way\b|\bquicker way\b|\bshortcut\b|\btrick\b|\bstrategy\b|\breally asking\b|\bwhat is (this|the) question (really )?asking\b|\bidea behind\b|\bwhat (is|are|does|do) (a |an |the )?[a-z' -]{1,30} mean\b|\bmeaning of\b|\bdefinition\b|\bdefine\b|\brule\b|\bformula\b|\btheory\b|\bwhat (skill|topic)\b|\bwhich (skill|topic|rule)\b|\bteach me\b|\bwhat is this (testing|about)\b|\bwhat('s| is) being tested\b|\bunderlying\b|\bhow does (this|that|it) work\b|\bwhat (is|are) (a |an )?(slope|ratio|median|mean|percent|transition|inference|semicolon|vertex|function|probability|margin of error|hypotenuse|radius)\b/,
  ],
  [
    'explain',
    /\bexplain\b|\bhow\b|\bsolve\b|\bsolution\b|\banswer\b|\bwhy\b|\bwalk\b|\bstep by step\b|\bsteps\b|\bshow me\b|\bhelp\b|\bdon't (get|understand|know)\b|\bconfus|\blost\b|\bunderstand\b|\bquestion\b|\bthis one\b|\bchoice\b|\boption\b|\bcorrect\b|\bright\b|\bwork(ed)? out\b|\bmakes? (no )?sense\b|\bwhat\b.*\?/,
  ],
];

/** Words that only mean something when there is a question in front of the student. */
const ITEM_WORDS = /\b(x|y|equation|graph|table|passage|text|sentence|word|value|number|choice|problem|this|it)\b/;

/**
 * Classifies a help query. `null` means the query is empty, off-topic or too unclear to answer
 * (the tutor says so instead of guessing). `itemWords` are words from the item itself: a query
 * that uses them is about the item even without a request verb ("the slope?").
 */
export function classifyHelpQuery(query: string, itemWords: ReadonlySet<string> = new Set()): HelpIntent | null {
  const q = normaliseQuery(query);
  if (!/[a-z]/.test(q)) return null;
  for (const [intent, re] of RULES) if (re.test(q)) return intent;
  const words = q.split(/[^a-z0-9']+/).filter((w) => w.length > 3);
  if (words.some((w) => itemWords.has(w))) return 'explain';
  if (ITEM_WORDS.test(q) && q.split(' ').length <= 6 && /\?$/.test(q)) return 'explain';
  return null;
}

/** The choice letter or value a query is about ("why is B wrong", "i got 7"), when it names one. */
export function answerNamedInQuery(query: string, format: 'mcq' | 'spr'): string | null {
  const q = normaliseQuery(query);
  if (format === 'mcq') {
    const labelled = /\b(?:choice|option|letter|answer)\s*\(?([a-d])\)?(?![a-z'])/.exec(q);
    if (labelled) return labelled[1]!.toUpperCase();
    const verb = /\b(?:picked|pick|chose|choose|chosen|selected|put|got|answered|is|isn't|was|wasn't|not|why|about|with)\s+\(?([a-d])\)?(?=\s*$|\s*[?.!,)]|\s+(?:wrong|right|correct|incorrect|instead|not|is|was|isn't|wasn't|and|or|but|over|vs|the|a|an)\b)/.exec(q);
    if (verb) return verb[1]!.toUpperCase();
    const upper = /(?:^|[^A-Za-z])([B-D])(?![A-Za-z])/.exec(query);
    if (upper) return upper[1]!;
    return null;
  }
  const num = /\b(?:got|get|put|answered|entered|wrote|answer (?:is|was|of)|is it|=)\s*(-?\d+(?:[./]\d+)?)/.exec(q.replace(/−/g, '-'));
  return num ? num[1]! : null;
}
