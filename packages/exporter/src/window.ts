/** Export windows in UTC: the last full ISO week (Monday to Monday) or calendar month before `now`. */
export function periodWindow(period: 'weekly' | 'monthly', now: Date): { since: Date; until: Date } {
  if (period === 'monthly') {
    const until = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    return { since, until };
  }
  const day = (now.getUTCDay() + 6) % 7; // Monday = 0
  const until = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day));
  return { since: new Date(until.getTime() - 7 * 86_400_000), until };
}
