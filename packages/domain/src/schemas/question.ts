import { z } from 'zod';
import { DOMAINS, SECTIONS, SKILL_IDS, skillInfo, type Domain } from '../taxonomy.ts';
import { FigureSchema } from './figure.ts';

export const ChoiceLabelSchema = z.enum(['A', 'B', 'C', 'D']);
export type ChoiceLabel = z.infer<typeof ChoiceLabelSchema>;

export const ChoiceSchema = z.object({ label: ChoiceLabelSchema, text: z.string().min(1) });
export type Choice = z.infer<typeof ChoiceSchema>;

/**
 * One bank item. `mcq` items have four choices and `answer` is the correct label;
 * `spr` (student-produced response, math only) items have no choices and `answer`
 * is the canonical value, with `acceptedAnswers` listing other equivalent forms.
 */
export const QuestionSchema = z
  .object({
    id: z.string().regex(/^[A-Z0-9-]+$/, 'ids are upper-case letters, digits and dashes'),
    section: z.enum(SECTIONS),
    domain: z.enum(DOMAINS as [Domain, ...Domain[]]),
    skill: z.enum(SKILL_IDS),
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    format: z.enum(['mcq', 'spr']),
    passage: z.string().min(1).optional(),
    stem: z.string().min(1),
    choices: z.array(ChoiceSchema),
    answer: z.string().min(1),
    acceptedAnswers: z.array(z.string().min(1)).default([]),
    rationale: z.string().min(20),
    source: z.string().min(1),
    /** Choice label → why that wrong choice tempts and why it fails (no choice letters in the text: choices move). */
    choiceExplanations: z.record(z.string(), z.string()).optional(),
    /** The graph, scatterplot or diagram the stem refers to (drawn by the web; `describeFigure` says it in words). */
    figure: FigureSchema.optional(),
  })
  .superRefine((q, ctx) => {
    const info = skillInfo(q.skill);
    if (info.domain !== q.domain || info.section !== q.section) {
      ctx.addIssue({ code: 'custom', message: `skill ${q.skill} is not in ${q.section} / ${q.domain}` });
    }
    if (q.format === 'mcq') {
      const labels = q.choices.map((c) => c.label).join('');
      if (labels !== 'ABCD') ctx.addIssue({ code: 'custom', message: 'mcq items need choices A, B, C, D in order' });
      if (!q.choices.some((c) => c.label === q.answer)) {
        ctx.addIssue({ code: 'custom', message: `answer ${q.answer} is not among the choices` });
      }
      const texts = new Set(q.choices.map((c) => c.text.trim()));
      if (texts.size !== q.choices.length) ctx.addIssue({ code: 'custom', message: 'choices must be distinct' });
    } else {
      if (q.section !== 'Math') ctx.addIssue({ code: 'custom', message: 'only math items can be student-produced' });
      if (q.choices.length !== 0) ctx.addIssue({ code: 'custom', message: 'spr items have no choices' });
    }
  });

export type Question = z.infer<typeof QuestionSchema>;
export type QuestionInput = z.input<typeof QuestionSchema>;

/** What a student sees before submitting: never the key or the rationale. */
export type PublicQuestion = Omit<Question, 'answer' | 'acceptedAnswers' | 'rationale' | 'source' | 'choiceExplanations'>;

export function toPublicQuestion(q: Question): PublicQuestion {
  // choiceExplanations would tell which choices are wrong, so it stays with the key.
  const { answer: _a, acceptedAnswers: _b, rationale: _c, source: _d, choiceExplanations: _e, ...rest } = q;
  return rest;
}
