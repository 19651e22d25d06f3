import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_FILE_NAME, ENVIRONMENT_PROFILE_ID, openActivityLog } from '../../../main/core/activity';
import type { NewActivity } from '../../../main/core/activity';
import { bundleFixture } from '../accounts/fixtures/bundle-fixture';

const DAY = 24 * 60 * 60_000;
const target = { profileId: 'shop', account: '0xab', apiHost: 'api.calypso.finance', requestId: 'r1' };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wt-activity-'));
}

function action(extra: Partial<NewActivity> = {}): NewActivity {
  return { profileId: 'shop', account: '0xab', requestId: 'r1', action: 'disabled', by: 'app', ...extra };
}

function onDisk(dir: string): { entries: { at: string; requestId: string | null }[] } {
  return JSON.parse(readFileSync(join(dir, ACTIVITY_FILE_NAME), 'utf8')) as never;
}

describe('the activity log', () => {
  it("matches the CLI's environment entries by account and API host: one account id may exist on both hosts", async () => {
    const dir = tempDir();
    const now = () => Date.parse('2026-03-02T12:00:00Z');
    const log = openActivityLog({ dir, now });
    const environment = {
      profileId: ENVIRONMENT_PROFILE_ID,
      requestId: null,
      action: 'keys-regenerated' as const,
      by: 'cli' as const,
    };
    log.record(action({ ...environment, at: '2026-03-02T10:00:00.000Z', apiHost: 'api.calypso.money' }));
    log.record(action({ ...environment, at: '2026-03-02T10:01:00.000Z', apiHost: 'api.calypso.finance' }));
    // Written before entries named their host: it may be either, so it still counts.
    log.record(action({ ...environment, at: '2026-03-02T10:02:00.000Z' }));
    const entries = await log.entriesFor(target);
    expect(entries.map((e) => e.at)).toEqual(['2026-03-02T10:02:00.000Z', '2026-03-02T10:01:00.000Z']);
  });

  it("lists a webhook's own entries, its account's account-wide ones and the CLI's on environment credentials, newest first", async () => {
    const dir = tempDir();
    const now = () => Date.parse('2026-03-02T12:00:00Z');
    const log = openActivityLog({ dir, now });
    log.record(action({ at: '2026-03-02T10:00:00.000Z' }));
    log.record(action({ at: '2026-03-02T10:05:00.000Z', requestId: null, action: 'keys-regenerated' }));
    log.record(
      action({
        at: '2026-03-02T10:10:00.000Z',
        profileId: ENVIRONMENT_PROFILE_ID,
        action: 'enabled',
        by: 'cli',
      }),
    );
    // Another webhook, another profile, environment credentials of another account: none of its business.
    log.record(action({ at: '2026-03-02T10:11:00.000Z', requestId: 'r2' }));
    log.record(action({ at: '2026-03-02T10:12:00.000Z', profileId: 'other' }));
    log.record(
      action({ at: '2026-03-02T10:13:00.000Z', profileId: ENVIRONMENT_PROFILE_ID, account: '0xcd' }),
    );

    const entries = await log.entriesFor(target);
    expect(entries.map((e) => [e.at, e.action])).toEqual([
      ['2026-03-02T10:10:00.000Z', 'enabled'],
      ['2026-03-02T10:05:00.000Z', 'keys-regenerated'],
      ['2026-03-02T10:00:00.000Z', 'disabled'],
    ]);
    // Another process (the CLI) sees what this one wrote.
    expect(await openActivityLog({ dir, now }).entriesFor(target)).toEqual(entries);
  });

  it('keeps the newest entries per webhook, drops old ones, and caps the total', async () => {
    const dir = tempDir();
    const now = Date.parse('2026-03-02T12:00:00Z');
    const log = openActivityLog({ dir, maxPerChannel: 3, maxEntries: 4, maxAgeMs: DAY, now: () => now });
    log.record(action({ at: new Date(now - DAY - 1).toISOString() }));
    for (let i = 4; i >= 1; i -= 1) log.record(action({ at: new Date(now - i * 60_000).toISOString() }));
    expect((await log.entriesFor(target)).map((e) => e.at)).toEqual([
      '2026-03-02T11:59:00.000Z',
      '2026-03-02T11:58:00.000Z',
      '2026-03-02T11:57:00.000Z',
    ]);
    for (const requestId of ['r2', 'r3']) log.record(action({ requestId, at: new Date(now).toISOString() }));
    const kept = onDisk(dir).entries;
    expect(kept.map((e) => e.requestId)).toEqual(['r1', 'r1', 'r2', 'r3']);
    expect(kept[0]!.at).toBe('2026-03-02T11:58:00.000Z');
  });

  it('writes only the fields of an entry, owner-only: nothing else a caller passes reaches the file', () => {
    const dir = tempDir();
    openActivityLog({ dir }).record({ ...action(), secretKey: 'whsec-must-not-be-kept' } as NewActivity);
    const text = readFileSync(join(dir, ACTIVITY_FILE_NAME), 'utf8');
    if (process.platform !== 'win32')
      expect(statSync(join(dir, ACTIVITY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(text).not.toContain('whsec-must-not-be-kept');
    expect(Object.keys(onDisk(dir).entries[0]!).sort()).toEqual(
      ['account', 'action', 'at', 'by', 'profileId', 'requestId'].sort(),
    );
  });

  it('sets an unreadable file aside with a warning and starts again', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, ACTIVITY_FILE_NAME), '{"version": 1, "entries": [{"at": 3}');
    const lines: string[] = [];
    const log = openActivityLog({ dir, now: () => 1_234, log: (line) => lines.push(line) });
    expect(await log.entriesFor(target)).toEqual([]);
    expect(log.record(action({ at: new Date(1_000).toISOString() }))).toBe(true);
    expect(readdirSync(dir).filter((name) => name.startsWith('activity.json.corrupt-'))).toEqual([
      'activity.json.corrupt-1234',
    ]);
    expect(lines).toEqual([
      expect.stringMatching(/^activity: .*activity\.json is unreadable, starting empty/),
    ]);
    expect(await log.entriesFor(target)).toHaveLength(1);
  });

  it('a write that fails is logged and reported, never thrown', () => {
    const dir = tempDir();
    // The config "folder" is a file: nothing can be written under it.
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, '');
    const lines: string[] = [];
    const log = openActivityLog({ dir: blocked, log: (line) => lines.push(line) });
    expect(log.record(action())).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/^activity: could not record disabled in /)]);
  });

  it('two processes recording at once lose no entry', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const child = await bundleFixture('../../activity/record-many.ts');
    const run = (requestId: string, startAt: number) =>
      promisify(execFile)(process.execPath, [child, dir, requestId, '25', String(startAt)]);
    const startAt = Date.now() + 1_500;
    const [a, b] = await Promise.all([run('r1', startAt), run('r2', startAt)]);
    expect([a.stdout, b.stdout]).toEqual(['25', '25']);
    const entries = onDisk(dir).entries;
    expect(entries.filter((e) => e.requestId === 'r1')).toHaveLength(25);
    expect(entries.filter((e) => e.requestId === 'r2')).toHaveLength(25);
  });
});
