import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsFile } from '../../../main/core/accounts/settings-file';
import { bundleFixture } from './fixtures/bundle-fixture';
import { tempConfigDir } from './keyring';

const ROUNDS = 10;

let writer: string;
beforeAll(async () => {
  writer = await bundleFixture('settings-writer.ts');
});

/** Starts the writer, lets it write for a random moment, then SIGKILLs it mid-loop. */
async function killMidWrite(dir: string): Promise<void> {
  const child = spawn(process.execPath, [writer, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('error', reject);
  });
  await sleep(Math.floor(Math.random() * 60));
  child.kill('SIGKILL');
  await exited;
}

describe('settings.json under SIGKILL', () => {
  it(
    `always parses and validates after ${ROUNDS} kills at random moments`,
    { timeout: 120_000 },
    async () => {
      const dir = tempConfigDir();
      let sawProfiles = 0;
      for (let round = 0; round < ROUNDS; round++) {
        await killMidWrite(dir);
        const raw = readFileSync(join(dir, 'settings.json'), 'utf8');
        expect(() => JSON.parse(raw), `round ${round}: settings.json does not parse`).not.toThrow();
        const settings = new SettingsFile({ dir });
        expect(settings.getWarnings(), `round ${round}: the file was set aside`).toEqual([]);
        if (settings.readProfiles().length > 0) sawProfiles++;
      }
      // The writer really wrote between kills (otherwise the test proves nothing).
      expect(sawProfiles).toBeGreaterThan(ROUNDS / 2);
    },
  );
});
