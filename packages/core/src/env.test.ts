import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DatabaseEnv, ExportEnv, parseEnv, replicaNeedsPrimary, StaffInviteEnv } from './env.ts';

// The pieces both config.ts files (API and CLI) are built from: one rule, one message each.
const Schema = z.object({ ...DatabaseEnv, ...ExportEnv, ...StaffInviteEnv });
const parse = (env: Record<string, string>) => parseEnv(Schema, env, [replicaNeedsPrimary]);

describe('shared environment variables', () => {
  it('defaults to PGlite under ./.data with exports beside it, and a week for staff invites', () => {
    expect(parse({})).toEqual({
      DATABASE_URL: undefined, EXPORT_READ_DATABASE_URL: undefined, DATA_DIR: path.resolve('.data'),
      EXPORT_DIR: path.resolve('.data/exports'), PSEUDONYM_SECRET: undefined, STAFF_INVITE_TTL_DAYS: 7,
    });
    expect(parse({ DATA_DIR: 'memory://anything', DATABASE_URL: '  ', PSEUDONYM_SECRET: '' })).toMatchObject({ DATA_DIR: 'memory://', DATABASE_URL: undefined, PSEUDONYM_SECRET: undefined });
  });

  it('lists every bad variable on its own line under one heading', () => {
    expect(() => parse({ DATABASE_URL: 'not a url', STAFF_INVITE_TTL_DAYS: '0' })).toThrow(
      /^Invalid configuration:\n {2}DATABASE_URL: DATABASE_URL must be a postgres:\/\/ URL\n {2}STAFF_INVITE_TTL_DAYS: .+$/,
    );
  });

  it('takes postgres:// and postgresql:// URLs only', () => {
    for (const bad of ['localhost:5432', 'http://db.example/app', 'postgres://']) {
      expect(() => parse({ DATABASE_URL: bad }), bad).toThrow('DATABASE_URL: DATABASE_URL must be a postgres:// URL');
    }
    expect(parse({ DATABASE_URL: 'postgresql://u@db.example:5432/app' }).DATABASE_URL).toBe('postgresql://u@db.example:5432/app');
  });

  it('refuses a read replica without its primary, after the variables themselves parsed', () => {
    expect(() => parse({ EXPORT_READ_DATABASE_URL: 'postgres://replica.example/db' })).toThrow(
      'Invalid configuration:\n  EXPORT_READ_DATABASE_URL needs DATABASE_URL (a replica of which database?)',
    );
    expect(parse({ DATABASE_URL: 'postgres://db.example/app', EXPORT_READ_DATABASE_URL: 'postgres://replica.example/app' }).EXPORT_READ_DATABASE_URL).toBe('postgres://replica.example/app');
  });
});
