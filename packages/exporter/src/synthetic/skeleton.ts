import { skeletonOf } from '../audit/checks.ts';

export { skeletonOf };

/**
 * Skeleton share: the fraction of texts whose skeleton is shared with at least one other text of
 * the set (issue #19 measured 95.8% on the 50K synthetic export before the generator varied its
 * phrasing). `satprep audit-dataset` reports the same figure per source, from the same skeletons.
 */
export function skeletonShare(texts: Iterable<string>): { total: number; shared: number; share: number } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const t of texts) {
    const k = skeletonOf(t);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    total++;
  }
  let shared = 0;
  for (const n of counts.values()) if (n > 1) shared += n;
  return { total, shared, share: total ? shared / total : 0 };
}
