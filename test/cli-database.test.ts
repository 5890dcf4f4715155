import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../electron/core/cli-args.js';
import { AppOptionsSchema } from '../electron/core/app-options.js';

describe('--database', () => {
  it('takes a postgres:// URL (or WATCHDESK_DATABASE), refuses anything else, and is unset by default', () => {
    expect(parseServeArgs(['--database', 'postgres://watchdesk@db:5432/site'], '/r').database).toBe('postgres://watchdesk@db:5432/site');
    const before = process.env.WATCHDESK_DATABASE;
    try {
      delete process.env.WATCHDESK_DATABASE;
      expect(parseServeArgs([], '/r').database).toBeUndefined();
      process.env.WATCHDESK_DATABASE = 'postgresql://db/site';
      expect(parseServeArgs([], '/r').database).toBe('postgresql://db/site');
    } finally {
      if (before === undefined) delete process.env.WATCHDESK_DATABASE;
      else process.env.WATCHDESK_DATABASE = before;
    }
    const bad = AppOptionsSchema.safeParse({ dataDir: '/d', rendererDir: '/r', database: 'mysql://db/site' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('postgres:// URL');
    expect(AppOptionsSchema.parse({ dataDir: '/d', rendererDir: '/r' }).database).toBeUndefined();
  });
});
