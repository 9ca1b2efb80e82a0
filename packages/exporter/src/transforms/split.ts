import { createHmac } from 'node:crypto';
import type { Split } from '../types.ts';

/** Pseudonymous, stable user key: HMAC-SHA256 of the user id with a secret, shortened. */
export function userKey(secret: string, userId: number | string): string {
  // The first 10 bytes as hex: a string of its own, not a slice that keeps the whole digest alive.
  return createHmac('sha256', secret).update(String(userId)).digest().toString('hex', 0, 10);
}

/** Deterministic user-grouped split: every example of a user lands in the same split. */
export function splitFor(key: string, valRatio: number): Split {
  if (valRatio <= 0) return 'train';
  const bucket = parseInt(key.slice(-8), 16) / 0x100000000;
  return bucket < valRatio ? 'validation' : 'train';
}
