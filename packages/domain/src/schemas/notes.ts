import { z } from 'zod';
import { SKILL_IDS } from '../taxonomy.ts';
import { ClientEventIdSchema, IdSchema, QuestionIdSchema, shortText, userText } from './common.ts';

export const NOTE_MAX = 5000;

export const AddNoteInput = z.object({
  questionId: QuestionIdSchema.optional(),
  sessionId: IdSchema.optional(),
  text: userText(NOTE_MAX, 'Note'),
  askTutor: z.boolean().default(false),
  clientEventId: ClientEventIdSchema.optional(),
});
export const UpdateNoteInput = z.object({ noteId: IdSchema, text: userText(NOTE_MAX, 'Note') });
export const NoteIdInput = z.object({ noteId: IdSchema });
export const ListNotesInput = z.object({ questionId: QuestionIdSchema.optional() }).default({});

export const PostCommunityQuestionInput = z.object({
  title: userText(200, 'Title'),
  body: userText(5000, 'Question'),
  questionId: QuestionIdSchema.optional(),
  skill: z.enum(SKILL_IDS).optional(),
  /** The same id on a retry (a dropped connection while the draft streams) posts the question once. */
  clientEventId: ClientEventIdSchema.optional(),
});
export const CommunityAnswerInput = z.object({ questionId: IdSchema, body: userText(5000, 'Answer') });
export const CommunityVoteInput = z.object({ answerId: IdSchema, value: z.union([z.literal(1), z.literal(-1), z.literal(0)]) });
export const CommunityAcceptInput = z.object({ answerId: IdSchema });
export const CommunityListInput = z
  .object({ search: shortText(200, 'Search').optional(), skill: z.enum(SKILL_IDS).optional(), limit: z.number().int().min(1).max(100).default(30) })
  .default({ limit: 30 });
export const CommunityGetInput = z.object({ questionId: IdSchema });
