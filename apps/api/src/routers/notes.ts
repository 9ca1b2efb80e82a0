import { AddNoteInput, ListNotesInput, NoteIdInput, UpdateNoteInput } from '@satprep/domain';
import { addNote, deleteNote, listNotes, updateNote } from '../services/collection.ts';
import { streamed } from '../streaming.ts';
import { authedProcedure, router } from '../trpc.ts';

export const notesRouter = router({
  add: authedProcedure.input(AddNoteInput).mutation(({ ctx, input }) => addNote(ctx, ctx.user.id, input)),
  /** The same, with the tutor's reply streamed as it is written (needs a streaming link). */
  addStream: authedProcedure.input(AddNoteInput).mutation(({ ctx, input }) => streamed((sink) => addNote(ctx, ctx.user.id, input, sink))),
  list: authedProcedure.input(ListNotesInput).query(({ ctx, input }) => listNotes(ctx.em, ctx.user.id, input.questionId)),
  update: authedProcedure.input(UpdateNoteInput).mutation(({ ctx, input }) => updateNote(ctx.em, ctx.user.id, input.noteId, input.text)),
  delete: authedProcedure.input(NoteIdInput).mutation(({ ctx, input }) => deleteNote(ctx.em, ctx.user.id, input.noteId)),
});
