import pg from 'pg';
import { migrate, openDb } from '@satprep/domain/db';

/** Migrates a scratch database and fills it with `rows` realistic feedback ratings (and their sessions, users). */
export async function fill(url: string, rows: number) {
  const orm = await openDb({ databaseUrl: url });
  await migrate(orm);
  await orm.close(true);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const users = Math.max(100, Math.round(rows / 50));
  await c.query(`insert into users (email, password_hash, display_name, role, training_consent, consent_updated_at, created_at)
                 select 'student' || i || '@example.com', 'x', 'Student ' || i, 'student', i % 10 <> 0, now(), now() from generate_series(1, ${users}) i`);
  await c.query(`insert into practice_sessions (user_id, question_ids, started_at, submitted_at, performance)
                 select 1 + (i % ${users}), '[]', now(), now(), '{}' from generate_series(1, ${rows}) i`);
  await c.query(`insert into session_feedback (session_id, user_id, text, performance_data, model_id, prompt_version, created_at)
                 select i, 1 + (i % ${users}), 'x', '{}', 'm', 'v', now() from generate_series(1, ${rows}) i`);
  // Realistic feedback text (varied, grounded in the stats, some with an email or the student's name,
  // which the export's quality audit then drops as placeholders) and nested performance stats.
  // The rendered feedback context (session-feedback/v2 rows store it; see renderFeedbackContext), ~500 bytes a row.
  await c.query(`insert into feedback_ratings (user_id, feedback_id, session_id, feedback_text, rating, comment, performance_data, context_text, model_id, prompt_version, created_at, updated_at)
                 select 1 + (i % ${users}), i, i,
                   'Good effort' || case when i % 100 = 50 then ', Student ' || (1 + (i % ${users})) else '' end || ': you answered ' || (i % 11) || ' of 10 Algebra questions correctly and '
                     || (i % 7) || ' of 6 in Craft and Structure. Tip: flip the inequality sign when dividing by a negative number (session ' || i || ').'
                     || case when i % 100 = 0 then ' Questions? Write to coach' || i || '@example.org.' else '' end,
                   1 + (i % 5), null,
                   json_build_object('Math', json_build_object('Algebra', json_build_object('correct', i % 11, 'total', 10)),
                                     'Reading and Writing', json_build_object('Craft and Structure', json_build_object('correct', i % 7, 'total', 6)))::jsonb,
                   'Session: ' || (i % 11) || ' of 16 correct; 15 of 16 answered.' || E'\\nPrevious session: ' || (i % 100) || '% correct.'
                     || E'\\nTime per question: ' || (20 + i % 90) || ' seconds on average; ' || (i % 4) || ' of 15 answers given in under 10 seconds. SAT pacing: about 71 seconds per Reading and Writing question and 95 seconds per Math question.'
                     || E'\\nSkills (this session; all practice including it):\\n- Linear functions: 4 of 5 correct (80%); all practice 20 of 31 (65%)'
                     || E'\\n- Linear inequalities in one or two variables: 3 of 5 correct (60%); all practice ' || (i % 9) || ' of 14 (64%)'
                     || E'\\n- Words in context: 2 of 6 correct (33%); all practice 5 of 9 (56%)',
                   'satprep-offline-tutor-1', 'session-feedback/v1', now() - interval '1 day', now()
                 from generate_series(1, ${rows}) i`);
  await c.query('analyze');
  await c.end();
}

