import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, requireBuiltCli } from './cli-harness';

describe('a reader that closes the pipe early', () => {
  beforeAll(requireBuiltCli);

  it('ends the CLI quietly, as `webhook-tray --help | head -c 1` expects', () => {
    // `head -c 1` exits after one byte, so most of the help text is written into a closed pipe.
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI_PATH}" --help | head -c 1`], {
      encoding: 'utf8',
    });
    expect(result.stdout).toBe('U');
    expect(result.stderr).not.toMatch(/EPIPE|unexpected failure|Error/);
  });
});
