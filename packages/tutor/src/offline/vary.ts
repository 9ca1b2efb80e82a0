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
