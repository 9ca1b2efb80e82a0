/**
 * Deterministic variation: the same input always picks the same realisation of a sentence slot,
 * different inputs spread over all of them, so a model trained on the texts sees many phrasings
 * of one fact instead of a single template.
 */
export function variation(key: string): (slot: string, options: readonly string[]) => string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (slot, options) => {
    let x = h;
    for (let i = 0; i < slot.length; i++) x = Math.imul(x ^ slot.charCodeAt(i), 0x01000193);
    x ^= x >>> 15;
    x = Math.imul(x, 0x2c1b3c6d);
    x ^= x >>> 12;
    return options[(x >>> 0) % options.length]!;
  };
}

/** Ordinary words that open a sentence: lowered after a colon, unlike a name ("Ellen"), a variable ("V(t)") or a number. */
const COMMON_OPENER = /^(?:The|A|An|It|Its|This|That|These|Those|They|Their|There|Each|Every|Both|Since|Because|As|If|When|Once|In|On|For|To|With|Without|Only|So|Set|Use|Write|Find|Subtract|Add|Divide|Multiply|Start|First|Read|Look|Compare|Solve|Substitute|Factor|Expand|Count|Convert|Plug|Take|Let|Note|Identify|Apply|Put|Test|At|By|From|Here|After|Before|Over|Under|Using|Rewrite|Distribute|One|Two|All|Some|Most|Notice|Look|Each|Any|No|Not)\b(?![-’'])/;

/** Lowers the first letter of a clause put after a colon only when it is an ordinary opening word. */
export const lowerOpener = (s: string) => (COMMON_OPENER.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
