import { describe, expect, it } from 'vitest';
import { periodWindow } from './window.ts';

describe('periodWindow', () => {
  it('gives the last full ISO week, Monday to Monday, in UTC', () => {
    const w = periodWindow('weekly', new Date('2026-11-25T15:00:00Z')); // a Wednesday
    expect([w.since.toISOString(), w.until.toISOString()]).toEqual(['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z']);
    const monday = periodWindow('weekly', new Date('2026-11-23T00:00:00Z'));
    expect(monday.until.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('gives the last full calendar month, across a year boundary', () => {
    const w = periodWindow('monthly', new Date('2026-01-10T08:00:00Z'));
    expect([w.since.toISOString(), w.until.toISOString()]).toEqual(['2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
  });
});
