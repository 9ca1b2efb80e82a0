import { createHmac } from 'node:crypto';
import type { Split } from '../types.ts';

/** Pseudonymous, stable user key: HMAC-SHA256 of the user id with a secret, shortened. */
export function userKey(secret: string, userId: number | string): string {
  // The first 10 bytes as hex: a string of its own, not a slice that keeps the whole digest alive.
  return createHmac('sha256', secret).update(String(userId)).digest().toString('hex', 0, 10);
}

/**
 * Deterministic user-grouped split: every example of a user lands in the same split. The bucket
 * is the key's last 8 hex digits (`parseInt(key.slice(-8), 16)`), read in place for a hex key.
 */
export function splitFor(key: string, valRatio: number): Split {
  if (valRatio <= 0) return 'train';
  let n = 0;
  for (let i = key.length - 8; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const letter = c | 32;
    const digit = c >= 48 && c <= 57 ? c - 48 : letter >= 97 && letter <= 102 ? letter - 87 : -1;
    if (digit < 0 || i < 0) {
      n = parseInt(key.slice(-8), 16);
      break;
    }
    n = n * 16 + digit;
  }
  return n / 0x100000000 < valRatio ? 'validation' : 'train';
}
