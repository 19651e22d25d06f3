import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// test/with-keyring.sh keeps the private D-Bus daemon's chatter out of `npm test`, and nothing else.
const withKeyring = resolve(import.meta.dirname, '../with-keyring.sh');

// A session service that fails to start: asking for it makes the daemon log that it activates it
// (chatter) and that the activation failed (a real error, which must stay).
// secret-tool first, as early as a test's first keychain call: before the keyring daemon owns its bus
// name, that call would start a second daemon, which prints its environment on stdout.
const probe = [
  'secret-tool lookup wt-probe none >/dev/null 2>&1',
  'dbus-send --session --print-reply --dest=org.webhooktray.Probe / org.webhooktray.Probe.Ping >/dev/null 2>&1',
  'echo test-stdout',
  'echo test-stderr >&2',
].join('; ');

let dataDirs = '';
beforeAll(() => {
  dataDirs = mkdtempSync(join(tmpdir(), 'wt-dbus-probe-'));
  mkdirSync(join(dataDirs, 'dbus-1', 'services'), { recursive: true });
  writeFileSync(
    join(dataDirs, 'dbus-1', 'services', 'org.webhooktray.Probe.service'),
    '[D-BUS Service]\nName=org.webhooktray.Probe\nExec=/bin/false\n',
  );
});
afterAll(() => rmSync(dataDirs, { recursive: true, force: true }));

function run(command: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(command[0]!, command.slice(1), {
      env: { ...process.env, XDG_DATA_DIRS: dataDirs },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('with-keyring.sh', () => {
  it('drops the D-Bus daemon’s service activation chatter, keeps test output and daemon errors', async () => {
    const bare = await run(['dbus-run-session', '--', 'sh', '-c', probe]);
    expect(bare.stderr).toContain("Activating service name='org.webhooktray.Probe'");

    const filtered = await run([withKeyring, 'sh', '-c', probe]);
    expect(filtered.code).toBe(0);
    expect(filtered.stdout).toBe('test-stdout\n');
    expect(filtered.stderr).toContain('test-stderr\n');
    expect(filtered.stderr).toContain("Activated service 'org.webhooktray.Probe' failed");
    expect(filtered.stderr).not.toContain('Activating service');
    expect(filtered.stderr).not.toContain('Failed to set fd limit');
  });
});
