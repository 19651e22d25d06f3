import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callsOf, record, StandInEvent } from './electron-stand-in';

vi.mock('electron', () => import('./electron-stand-in'));

// main/index.ts on the stand-in, started over a settings.json that cannot be read.
let dir: string;
const savedDir = process.env.WEBHOOK_TRAY_CONFIG_DIR;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wt-root-corrupt-'));
  await writeFile(join(dir, 'settings.json'), '{"profiles": [ this is not JSON');
  process.env.WEBHOOK_TRAY_CONFIG_DIR = dir;
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const { started } = await import('../../main/index');
  await started;
});

afterAll(async () => {
  const electron = await import('electron');
  electron.app.emit('will-quit', new StandInEvent());
  await vi.waitFor(() => expect(callsOf('app.exit')).toEqual([[0]]));
  if (savedDir === undefined) delete process.env.WEBHOOK_TRAY_CONFIG_DIR;
  else process.env.WEBHOOK_TRAY_CONFIG_DIR = savedDir;
  await rm(dir, { recursive: true, force: true });
});

describe('composition root over an unreadable settings file', () => {
  it('keeps the file aside and tells the merchant where it went', async () => {
    const files = await readdir(dir);
    const preserved = files.find((name) => name.startsWith('settings.json.corrupt-'));
    expect(preserved).toBeDefined();
    expect(record.notifications).toContainEqual({
      title: 'Webhook Tray settings were reset',
      body: expect.stringContaining(preserved!),
    });
  });
});
