/**
 * Finds the math in plain question-bank text and turns each piece into TeX, leaving the prose alone.
 *
 * The bank writes math as plain text (see packages/domain/src/bank/math): exponents with `^`
 * (`x^2`, `500(2)^(h/11)`), square roots with `√` (`√(x + 2)`, `3√5`), fractions with `/`
 * (`3/4`, `−b/(2a)`, `(x + 5)/((x + 1)(x + 5))`), `×`, `÷`, `·`, `≤`, `≥`, `≠`, `≈`, `π`, `θ`, `°`,
 * the minus sign `−`, function notation `f(x)`, coordinates `(4, 22)` and segment names `AB`.
 * A math span is a run of numbers, one-letter variables, operators and parentheses; it becomes math
 * only if it has something mathematical in it (an operator, a power, a root, a fraction, `6x`, `f(x)`),
 * or is a lone lowercase variable. Words (two or more letters), `and/or`, dates like 1/2/2024,
 * decades (1920s), ordinals (4th), `x-terms`, possessives and money or percents on their own stay text.
 *
 * Pure: no DOM, no KaTeX; `MathText` renders the TeX.
 */

export type MathSegment = { kind: 'text'; text: string } | { kind: 'math'; text: string; tex: string };

type TokKind = 'num' | 'var' | 'fn' | 'op' | 'sqrt' | 'const' | 'deg' | 'pct' | 'lp' | 'rp' | 'comma' | 'space' | 'word' | 'other';
interface Tok {
  kind: TokKind;
  text: string;
}

const OPS = new Set(['=', '+', '−', '×', '÷', '·', '/', '<', '>', '≤', '≥', '≠', '≈', '^', ':']);
const OP_TEX: Record<string, string> = { '−': '-', '×': '\\times ', '÷': '\\div ', '·': '\\cdot ', '≤': '\\le ', '≥': '\\ge ', '≠': '\\ne ', '≈': '\\approx ' };
/** Operators that make a span math on their own (`+` and `−` only count between two operands). */
const TRIGGERS = new Set(['=', '×', '÷', '·', '<', '>', '≤', '≥', '≠', '≈', '^']);
const FUNCTIONS = new Set(['sin', 'cos', 'tan']);
/** One-letter words that are variables when they stand alone ("the value of x", "lines ℓ and m"). */
const LONE_VARIABLES = /^[b-hj-zℓθ]$/;

const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c) && !'πθℓ'.includes(c);
const isApostrophe = (c: string | undefined): boolean => c === "'" || c === '’';
const isQuote = (c: string | undefined): boolean => c !== undefined && '"“”‘'.includes(c);
const isHyphen = (c: string | undefined): boolean => c === '-' || c === '‐' || c === '–';

/** 7, −, 0.08, 1,320, $41 (the minus sign is an operator). */
const NUMBER = /\$?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)/y;

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num && (c !== '.' || !/\d/.test(text[i - 1] ?? ''))) {
      const end = i + num[0].length;
      // A number glued to a word is prose: "4th", "10am", "1920s", "3-year", "Table 2's".
      let j = end;
      while (isLetter(text[j])) j++;
      const glued = text.slice(end, j);
      if (glued.length >= 2 || glued === 's' || isHyphen(text[end]) || isApostrophe(text[end])) {
        let k = end;
        const alnum = (ch: string | undefined) => isLetter(ch) || /\d/.test(ch ?? '');
        while (k < text.length && (alnum(text[k]) || ((isHyphen(text[k]) || isApostrophe(text[k])) && alnum(text[k + 1])))) k++;
        toks.push({ kind: 'word', text: text.slice(i, k) });
        i = k;
        continue;
      }
      toks.push({ kind: 'num', text: num[0] });
      i = end;
      continue;
    }
    if (isLetter(c)) {
      let j = i;
      while (isLetter(text[j])) j++;
      const run = text.slice(i, j);
      const before = text[i - 1];
      const after = text[j];
      // Glued to an apostrophe, a quote or a hyphen ("Arden's", the letter "s", "x-terms", "y-intercept"), or an abbreviation ("e.g.", "U.S."): prose.
      const attached = isApostrophe(before) || isApostrophe(after) || isQuote(before) || isQuote(after) || isHyphen(before) || isHyphen(after) || (after === '.' && isLetter(text[j + 1]));
      if (attached) {
        while (j < text.length && (isLetter(text[j]) || isApostrophe(text[j]) || isHyphen(text[j]) || (text[j] === '.' && isLetter(text[j + 1])))) j++;
        toks.push({ kind: 'word', text: text.slice(i, j) });
      } else if (FUNCTIONS.has(run) && after === '(') {
        toks.push({ kind: 'fn', text: run });
      } else if (/^[A-Za-z]$/.test(run) || /^[A-Z]{2,3}$/.test(run)) {
        toks.push({ kind: 'var', text: run });
      } else {
        toks.push({ kind: 'word', text: run });
      }
      i = j;
      continue;
    }
    let kind: TokKind;
    if (c === '°' && isLetter(text[i + 1])) {
      // A temperature unit: −60°C
      toks.push({ kind: 'word', text: text.slice(i, i + 2) });
      i += 2;
      continue;
    }
    if (c === 'π') kind = 'const';
    else if (c === 'θ' || c === 'ℓ') kind = 'var';
    else if (c === '√') kind = 'sqrt';
    else if (c === '°') kind = 'deg';
    else if (c === '%') kind = 'pct';
    else if (c === '(') kind = 'lp';
    else if (c === ')') kind = 'rp';
    else if (c === ',') kind = 'comma';
    else if (c === ':') kind = text[i - 1] === ' ' ? 'op' : 'other'; // a ratio "1 : √3 : 2", not "Step 2: x"
    else if (OPS.has(c)) kind = 'op';
    else if (c === ' ' || c === '\u00a0' || c === '\t') kind = 'space';
    else kind = 'other';
    toks.push({ kind, text: c });
    i++;
  }
  return toks;
}

const OPERAND_END = new Set<TokKind>(['num', 'var', 'const', 'rp', 'deg', 'pct']);
const OPERAND_START = new Set<TokKind>(['num', 'var', 'const', 'lp', 'sqrt', 'fn']);

/** The next or previous token that is not a space. */
function neighbour(toks: Tok[], i: number, step: 1 | -1): Tok | undefined {
  for (let j = i + step; j >= 0 && j < toks.length; j += step) if (toks[j]!.kind !== 'space') return toks[j];
  return undefined;
}

function isMath(toks: Tok[]): boolean {
  if (toks.length === 1) return toks[0]!.kind === 'var' && LONE_VARIABLES.test(toks[0]!.text);
  // Dates: 1/2/2024.
  for (let i = 0; i + 4 < toks.length; i++) if (toks[i]!.kind === 'num' && toks[i + 1]!.text === '/' && toks[i + 2]!.kind === 'num' && toks[i + 3]!.text === '/' && toks[i + 4]!.kind === 'num') return false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const next = toks[i + 1];
    if (t.kind === 'sqrt' || t.kind === 'const' || t.kind === 'fn') return true;
    if (t.kind === 'op' && TRIGGERS.has(t.text)) return true;
    if (t.kind === 'op' && (t.text === '/' || t.text === '+' || t.text === '−')) {
      const prev = neighbour(toks, i, -1);
      const after = neighbour(toks, i, 1);
      if (prev && after && OPERAND_END.has(prev.kind) && (OPERAND_START.has(after.kind) || after.text === '−')) return true;
    }
    // 6x, 2(x − 4), f(x), (x + 1)(x − 2)
    if (next && t.kind === 'num' && !t.text.startsWith('$') && (next.kind === 'var' || next.kind === 'lp')) return true;
    if (next && (t.kind === 'var' || t.kind === 'rp') && next.kind === 'lp') return true;
    // x°, (x + 3)°: an angle measure written with a variable
    if (t.kind === 'deg' && i > 0 && (toks[i - 1]!.kind === 'var' || toks[i - 1]!.kind === 'rp') && toks.some((u) => u.kind === 'var')) return true;
  }
  // A point: (4, 22)
  return toks[0]!.kind === 'lp' && toks.at(-1)!.kind === 'rp' && toks.some((t) => t.kind === 'comma') && toks.every((t) => ['lp', 'rp', 'comma', 'space', 'num', 'op', 'var'].includes(t.kind));
}

/** Drops what cannot begin or end a formula (spaces, a trailing operator, an unmatched parenthesis). */
function trimSpan(toks: Tok[]): { lead: number; trail: number } | null {
  let a = 0;
  let b = toks.length;
  for (;;) {
    const before = [a, b];
    while (a < b && (toks[a]!.kind === 'space' || toks[a]!.kind === 'comma' || (toks[a]!.kind === 'op' && toks[a]!.text !== '−'))) a++;
    while (b > a && ['space', 'comma', 'op', 'sqrt', 'lp'].includes(toks[b - 1]!.kind)) b--;
    // Unmatched parentheses at either end: "(try x = 1)" leaves "x = 1)".
    let depth = 0;
    let minDepth = 0;
    for (let i = a; i < b; i++) {
      if (toks[i]!.kind === 'lp') depth++;
      else if (toks[i]!.kind === 'rp') depth--;
      minDepth = Math.min(minDepth, depth);
    }
    if (minDepth < 0 && toks[b - 1]?.kind === 'rp') b--;
    else if (depth > 0 && toks[a]?.kind === 'lp') a++;
    else if (minDepth < 0 || depth !== 0) return null;
    else if (b - a > 2 && toks[b - 1]!.kind === 'rp') {
      // A parenthetical after a space that is not math itself stays prose: the "(50%)" of "1/2 (50%)".
      let k = b - 1;
      for (let d = 0; k >= a; k--) {
        if (toks[k]!.kind === 'rp') d++;
        else if (toks[k]!.kind === 'lp' && --d === 0) break;
      }
      const inner = toks.slice(k + 1, b - 1);
      if (k > a + 1 && toks[k - 1]!.kind === 'space' && OPERAND_END.has(toks[k - 2]!.kind) && inner.length > 0 && !isMath(inner) && !inner.some((t) => t.kind === 'comma')) b = k;
    }
    if (before[0] === a && before[1] === b) break;
  }
  return a < b ? { lead: a, trail: b } : null;
}

/** "1/2 (50%)": a score, so many right of so many, not the fraction one half. */
function isScore(span: Tok[], after: Tok[]): boolean {
  const written = span.map((t) => t.text).join('');
  const next = after.map((t) => t.text).join('');
  return /^\d+\/\d+$/.test(written) && /^ \(\d+(\.\d+)?%\)/.test(next);
}

/** Splits text into prose and math spans (with their TeX). Prose keeps its exact characters, newlines included. */
export function mathSegments(text: string): MathSegment[] {
  const toks = tokenize(text);
  const out: MathSegment[] = [];
  const pushText = (s: string) => {
    if (!s) return;
    const last = out.at(-1);
    if (last?.kind === 'text') last.text += s;
    else out.push({ kind: 'text', text: s });
  };
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    const mathy = t.kind !== 'word' && t.kind !== 'other' && t.kind !== 'comma';
    if (!mathy) {
      pushText(t.text);
      i++;
      continue;
    }
    // A run of math-like tokens; commas only inside parentheses.
    let j = i;
    let depth = 0;
    while (j < toks.length) {
      const u = toks[j]!;
      if (u.kind === 'word' || u.kind === 'other') break;
      if (u.kind === 'comma' && depth <= 0) break;
      if (u.kind === 'lp') depth++;
      if (u.kind === 'rp') depth--;
      j++;
    }
    const run = toks.slice(i, j);
    const trimmed = trimSpan(run);
    if (trimmed && isMath(run.slice(trimmed.lead, trimmed.trail)) && !isScore(run.slice(trimmed.lead, trimmed.trail), toks.slice(i + trimmed.trail))) {
      const span = run.slice(trimmed.lead, trimmed.trail);
      pushText(run.slice(0, trimmed.lead).map((u) => u.text).join(''));
      out.push({ kind: 'math', text: span.map((u) => u.text).join(''), tex: spanToTex(span) });
      pushText(run.slice(trimmed.trail).map((u) => u.text).join(''));
    } else {
      pushText(run.map((u) => u.text).join(''));
    }
    i = j;
  }
  return out;
}

/** True when the text has math that `MathText` would typeset. */
export function hasMath(text: string): boolean {
  return mathSegments(text).some((s) => s.kind === 'math');
}

// ---------------------------------------------------------------- TeX

type Node =
  | { t: 'tok'; tok: Tok }
  | { t: 'group'; body: Node[] }
  | { t: 'sqrt'; arg: Node }
  | { t: 'pow'; base: Node; exp: Node }
  | { t: 'frac'; num: Node[]; den: Node[] };

function parse(toks: Tok[]): Node[] {
  let pos = 0;
  const seq = (): Node[] => {
    const nodes: Node[] = [];
    while (pos < toks.length && toks[pos]!.kind !== 'rp') {
      const t = toks[pos++]!;
      if (t.kind === 'lp') {
        const body = seq();
        pos++; // the matching ')'
        nodes.push({ t: 'group', body });
      } else nodes.push({ t: 'tok', tok: t });
    }
    return nodes;
  };
  return structure(seq());
}

const isOperand = (n: Node | undefined): boolean => n !== undefined && (n.t !== 'tok' || !['op', 'space', 'comma', 'sqrt'].includes(n.tok.kind));

/** √ and ^ bind to the next operand; then `/` joins the terms (operands written together, like `2x` or `(x + 1)(x + 5)`) on either side. */
function structure(nodes: Node[]): Node[] {
  nodes = nodes.map((n) => (n.t === 'group' ? { t: 'group', body: structure(n.body) } : n));
  // √ (right to left, so √√x works)
  for (let i = nodes.length - 2; i >= 0; i--) {
    const n = nodes[i]!;
    if (n.t === 'tok' && n.tok.kind === 'sqrt' && isOperand(nodes[i + 1])) nodes.splice(i, 2, { t: 'sqrt', arg: nodes[i + 1]! });
  }
  // ^ (an exponent may be negative: x^−2)
  for (let i = 1; i < nodes.length - 1; i++) {
    const n = nodes[i]!;
    if (n.t !== 'tok' || n.tok.text !== '^' || !isOperand(nodes[i - 1])) continue;
    const neg = nodes[i + 1]!.t === 'tok' && (nodes[i + 1] as { tok: Tok }).tok.text === '−' && isOperand(nodes[i + 2]);
    if (!neg && !isOperand(nodes[i + 1])) continue;
    const exp: Node = neg ? { t: 'group', body: [nodes[i + 1]!, nodes[i + 2]!] } : nodes[i + 1]!;
    nodes.splice(i - 1, neg ? 4 : 3, { t: 'pow', base: nodes[i - 1]!, exp: exp.t === 'group' ? { t: 'group', body: exp.body } : exp });
    i--;
  }
  // / between terms with no spaces around it
  for (let i = 1; i < nodes.length - 1; i++) {
    const n = nodes[i]!;
    if (n.t !== 'tok' || n.tok.text !== '/' || !isOperand(nodes[i - 1]) || !isOperand(nodes[i + 1])) continue;
    let a = i - 1;
    while (a > 0 && isOperand(nodes[a - 1])) a--;
    let b = i + 1;
    while (b < nodes.length - 1 && isOperand(nodes[b + 1])) b++;
    nodes.splice(a, b - a + 1, { t: 'frac', num: nodes.slice(a, i), den: nodes.slice(i + 1, b + 1) });
    i = a;
  }
  return nodes;
}

const hasFrac = (nodes: Node[]): boolean => nodes.some((n) => n.t === 'frac' || (n.t === 'group' && hasFrac(n.body)));

/** A fraction's part, an exponent or a root's argument: one parenthesized group loses its parentheses. */
function bare(nodes: Node[], script: boolean): string {
  return nodes.length === 1 && nodes[0]!.t === 'group' ? emit(nodes[0]!.body, script) : emit(nodes, script);
}

function emitTok(tok: Tok): string {
  switch (tok.kind) {
    case 'num':
      return tok.text.replace('$', '\\$').replace(/,/g, '{,}');
    case 'var':
      return tok.text === 'ℓ' ? '\\ell ' : tok.text === 'θ' ? '\\theta ' : tok.text;
    case 'fn':
      return `\\${tok.text}`;
    case 'const':
      return '\\pi ';
    case 'deg':
      return '^{\\circ}';
    case 'pct':
      return '\\%';
    case 'op':
      return OP_TEX[tok.text] ?? tok.text;
    case 'space':
      return ' ';
    case 'comma':
      return ',';
    default:
      return tok.text;
  }
}

/** 4, or (−2): a fraction's part that is just a number. */
function isNumber(nodes: Node[]): boolean {
  const [n, ...rest] = nodes;
  if (!n || rest.length > 0) return false;
  if (n.t === 'tok') return n.tok.kind === 'num';
  if (n.t !== 'group') return false;
  const body = n.body.filter((b) => b.t !== 'tok' || b.tok.kind !== 'space');
  const last = body.at(-1);
  const head = body[0];
  const sign = body.length === 2 && head?.t === 'tok' && head.tok.text === '−';
  return (body.length === 1 || sign) && last?.t === 'tok' && last.tok.kind === 'num';
}

/**
 * TeX for parsed math. A fraction of two numbers (3/4) stays text-sized; one with a variable or an
 * expression in it is drawn full size (\dfrac), as the SAT shows it, except inside an exponent (`script`).
 */
function emit(nodes: Node[], script = false): string {
  let out = '';
  for (const n of nodes) {
    let s: string;
    if (n.t === 'tok') s = emitTok(n.tok);
    else if (n.t === 'group') s = hasFrac(n.body) ? `\\left(${emit(n.body, script)}\\right)` : `(${emit(n.body, script)})`;
    else if (n.t === 'sqrt') s = `\\sqrt{${bare([n.arg], script)}}`;
    else if (n.t === 'pow') s = `{${emit([n.base], script)}}^{${bare([n.exp], true)}}`;
    else s = `\\${script || (isNumber(n.num) && isNumber(n.den)) ? 'frac' : 'dfrac'}{${bare(n.num, script)}}{${bare(n.den, script)}}`;
    // Keep a command name apart from a letter that follows it (\pi r).
    if (/\\[a-z]+$/i.test(out) && /^[A-Za-z]/.test(s)) out += ' ';
    out += s;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

function spanToTex(span: Tok[]): string {
  return emit(parse(span));
}

/** The TeX for a piece of math written the bank's way, e.g. `N(h) = 500(2)^(h/11)` → `N(h) = 500{(2)}^{\frac{h}{11}}`. */
export function toTex(math: string): string {
  return spanToTex(tokenize(math));
}
