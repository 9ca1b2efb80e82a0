import type { Example } from '../src/types.ts';

const base = { origin: 'real' as const, createdAt: '2026-11-02T10:00:00.000Z', modelId: 'satprep-offline-tutor-1' };

/** Small fixed examples covering every source and every quality signal. */
export const FIXTURE_EXAMPLES: Example[] = [
  { ...base, id: 'feedback_ratings:1', source: 'feedback_ratings', userKey: 'u-aaaa00000001', input: 'Performance: Math / Algebra 7/10', output: 'Solid session: focus next on linear inequalities.', promptVersion: 'session-feedback/v1', rating: 5, pairKey: 'feedback:Algebra:3' },
  { ...base, id: 'feedback_ratings:2', source: 'feedback_ratings', userKey: 'u-bbbb00000002', input: 'Performance: Math / Algebra 6/10', output: 'Good effort. Keep practising.', promptVersion: 'session-feedback/v1', rating: 1, pairKey: 'feedback:Algebra:3' },
  { ...base, id: 'feedback_ratings:3', source: 'feedback_ratings', userKey: 'u-cccc00000003', input: 'Performance: Reading and Writing / Craft and Structure 3/5', output: 'You answered 3 of 5 correctly.', promptVersion: 'session-feedback/v1', rating: 3, pairKey: 'feedback:Craft and Structure:3' },
  { ...base, id: 'help_requests:1', source: 'help_requests', userKey: 'u-aaaa00000001', input: 'Question: If 3x + 5 = 20, what is x?\nStudent asks: why 5?', output: 'Subtract 5 from both sides, then divide by 3: x = 5.', promptVersion: 'help-explain/v1', helpful: true, pairKey: 'help:Q1' },
  { ...base, id: 'help_requests:2', source: 'help_requests', userKey: 'u-bbbb00000002', input: 'Question: If 3x + 5 = 20, what is x?\nStudent asks: explain', output: 'The answer is 5.', promptVersion: 'help-explain/v1', helpful: false, pairKey: 'help:Q1' },
  { ...base, id: 'study_plan_actions:1', source: 'study_plan_actions', userKey: 'u-aaaa00000001', input: 'Study plan task: day 1, Boundaries. Student action: skipped.', output: 'Moved boundaries to day 8 so it is not lost.', promptVersion: 'plan-adjustment/v1' },
  { ...base, id: 'user_notes:1', source: 'user_notes', userKey: 'u-cccc00000003', input: "Student's note: I don't get quadratics", output: 'Set the equation equal to zero, then factor.', promptVersion: 'ugc-reply/v1' },
  { ...base, id: 'community:1', source: 'community', userKey: 'u-cccc00000003', input: 'Community question: Semicolon or comma?', output: 'Use a semicolon only between two independent clauses.', modelId: 'human', promptVersion: null },
];
