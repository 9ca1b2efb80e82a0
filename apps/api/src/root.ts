import { authRouter } from './routers/auth.ts';
import { communityRouter } from './routers/community.ts';
import { dataRouter } from './routers/data.ts';
import { experimentsRouter } from './routers/experiments.ts';
import { meRouter } from './routers/me.ts';
import { notesRouter } from './routers/notes.ts';
import { practiceRouter } from './routers/practice.ts';
import { reviewRouter } from './routers/review.ts';
import { staffRouter } from './routers/staff.ts';
import { studyPlanRouter } from './routers/studyPlan.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  me: meRouter,
  practice: practiceRouter,
  studyPlan: studyPlanRouter,
  notes: notesRouter,
  community: communityRouter,
  data: dataRouter,
  experiments: experimentsRouter,
  review: reviewRouter,
  staff: staffRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
