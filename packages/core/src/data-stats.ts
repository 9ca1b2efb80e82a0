import type { Em } from '@satprep/domain/db';
import { ACTIVE_DAYS, ACTIVE_USERS_SQL, DEFAULT_TRANSITION, SPEC_VOLUMES_AT_10K, transitionStage } from '@satprep/exporter';

const COLLECTION_TABLES = ['feedback_ratings', 'help_requests', 'study_plan_actions', 'user_notes', 'community_questions', 'community_answers'] as const;

/** Admin view of collection progress: volumes, weekly rows, ratings, consent and the transition-plan stage. */
export async function dataStats(em: Em) {
  const tables: Record<string, { rows: number; consentedRows: number }> = {};
  for (const table of COLLECTION_TABLES) {
    const userCol = table.startsWith('community_') ? 'author_id' : 'user_id';
    const r: { rows: number; consented: number }[] = await em.execute(
      `select count(*)::int as rows, count(*) filter (where u.training_consent)::int as consented from ${table} t left join users u on u.id = t.${userCol}`,
    );
    tables[table] = { rows: r[0]!.rows, consentedRows: r[0]!.consented };
  }
  const weekly: { table: string; week: string; rows: number }[] = await em.execute(
    COLLECTION_TABLES.slice(0, 4)
      .map((t) => `select '${t}' as table, to_char(date_trunc('week', created_at), 'YYYY-MM-DD') as week, count(*)::int as rows from ${t} where created_at > now() - interval '12 weeks' group by 2`)
      .join(' union all ') + ' order by week, 1',
  );
  const ratings: { rating: number; n: number }[] = await em.execute('select rating, count(*)::int as n from feedback_ratings group by rating order by rating');
  const users: { total: number; consented: number }[] = await em.execute(
    `select count(*)::int as total, count(*) filter (where training_consent)::int as consented from users where role = 'student'`,
  );
  const active: { n: number }[] = await em.execute(ACTIVE_USERS_SQL, [new Date(Date.now() - ACTIVE_DAYS * 86_400_000)]);
  const u = { ...users[0]!, active: active[0]!.n };
  const distribution = Object.fromEntries([1, 2, 3, 4, 5].map((r) => [r, ratings.find((x) => x.rating === r)?.n ?? 0])) as Record<1 | 2 | 3 | 4 | 5, number>;
  return {
    tables,
    weekly,
    ratingDistribution: distribution,
    users: { students: u.total, consented: u.consented, consentedShare: u.total ? u.consented / u.total : 0, activeLast30Days: u.active },
    targets: Object.entries(SPEC_VOLUMES_AT_10K).map(([table, target]) => ({ table, target, rows: tables[table]?.rows ?? 0, progress: (tables[table]?.rows ?? 0) / target })),
    transition: { stage: transitionStage(u.active), activeUsers: u.active, plan: DEFAULT_TRANSITION },
  };
}
