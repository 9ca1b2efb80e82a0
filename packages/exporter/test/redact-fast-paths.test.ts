import { describe, expect, it } from 'vitest';
import { personNeedles, Redactor } from '../src/transforms/redact.ts';

/**
 * Texts at the edges of redact.ts's fast paths: the word-hash table that lets the person's own
 * names skip texts without them, the digit shapes and owner-noun pairs of the cue pass, the
 * non-ASCII fallback (/iu patterns fold 'ſ' to 's' and 'K' to 'k'), and the last person's needles
 * reused. Each expected text is what the redactor gave before those fast paths existed (checked
 * against commit 44b0787 on these and on 1.5M fuzzed texts): a shortcut that skips a rule it
 * should run, or runs one it should not, changes one of them.
 */
const CASES: [name: string, email: string, text: string, expected: string][] = [
  // Id numbers: owner word and noun as separate words, joined, as the start of a longer word, with "#" or "i.d.".
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'the registration numberRG-48213 is on  123456 the confirmation email account-number 12345', 'the registration number[ID] is on  [ID] the confirmation email account-number 12345'],
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'the registration numberRG-48213 is on file', 'the registration numberRG-48213 is on file'],
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'account-number 12345 studentnumber\n1234', 'account-number 12345 studentnumber\n[ID]'],
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'my i.d. is 123456, student here, no worries', 'my i.d. is [ID], student here, no worries'],
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'student #12345 and a negative number', 'student #[ID] and a negative number'],
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'student pin#1234', 'student pin#[ID]'],
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'the negative number rule: divide 12-3456 by 2', 'the negative number rule: divide 12-3456 by 2'],
  ['Student 123', 'student123@example.com', 'Good effort, Student 123: you answered 7 of 10 questions correctly (session 123456).', 'Good effort, [NAME]: you answered 7 of 10 questions correctly (session 123456).'],
  // Phone numbers: separators, parentheses, a no-break space (non-ASCII: the shape cue is not trusted).
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'call 555-123-4567 or (555)123-4567 or 555 1234567, not 3.14 or 2024', 'call [PHONE] or [PHONE] or [PHONE], not 3.14 or 2024'],
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'text me at 555\u00a0123\u00a04567', 'text me at [PHONE]'],
  // The person's own names: any case but capitals, after another rule changed the text, in non-ASCII text.
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'Hi, maya here. MAYA LOPEZ is on the list; so is Maya-Lopez and mayas.', 'Hi, [NAME] here. MAYA LOPEZ is on the list; so is [NAME]-[NAME] and mayas.'],
  ['Maya Lopez', 'maya.lopez22@gmail.com', 'write to maya.lopez22@gmail.com, thanks, Maya', 'write to [EMAIL], thanks, [NAME]'],
  ['José Núñez', 'jose@example.com', 'José here, ask Núñez about it', '[NAME] here, ask [NAME] about it'],
  ['Will Mark', 'will@example.com', 'I will mark it. Will here, thanks Mark.', 'I will mark it. [NAME] here, thanks [NAME].'],
  ['Kai Smith', 'kai@example.com', 'the \u212Aai Smith note', 'the \u212Aai [NAME] note'],
];

describe('redaction fast paths', () => {
  it('give what the plain rules give', () => {
    const r = new Redactor();
    for (const [name, email, text, expected] of CASES) expect(r.redactWith(text, personNeedles(name, email)), text).toBe(expected);
  });

  it('a person\'s needles reused for the next row are the same lists, and a different person gets their own', () => {
    const a = personNeedles('Maya Lopez', 'maya@example.com');
    expect(personNeedles('Maya Lopez', 'maya@example.com')).toEqual(a);
    const b = personNeedles('Tyler Brooks', 'maya@example.com');
    expect(b.fullNames).toEqual(['tyler brooks']);
    expect(personNeedles('Maya Lopez', 'other@example.com').emails).toEqual(['other@example.com']);
    expect(new Redactor().redactWith('Maya and Tyler', personNeedles('Tyler Brooks', 'x@example.com'))).toBe('Maya and [NAME]');
  });
});
