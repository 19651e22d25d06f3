import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../main/core/sandbox';
import { requireBuiltCli, spawnCli } from '../cli/cli-harness';
import { eventually, freePort, manage } from './managed-process';
import { REPO_ROOT } from './monitoring-tools';

const EXAMPLE = join(REPO_ROOT, 'docs/monitoring/accounts.yml');

/** The example's accounts, as the sandbox serves them (only the secrets are this test's). */
const LIVE = {
  account: '0x1111111111111111111111111111111111111111',
  apiKey: 'live-api-key',
  apiSecret: 'live-secret-1',
};
const EU_SHOP = {
  account: '0x2222222222222222222222222222222222222222',
  apiKey: 'eu-shop-api-key',
  apiSecret: 'eu-shop-secret-2',
};

// The systemd recipe of docs/monitoring: secrets as credential files read through ${CREDENTIALS_DIRECTORY}.
describe('docs/monitoring/accounts.yml with systemd credentials', () => {
  it(
    'runs the exporter for each of its accounts, the secrets read from $CREDENTIALS_DIRECTORY',
    { timeout: 30_000 },
    async () => {
      requireBuiltCli();
      const dir = mkdtempSync(join(tmpdir(), 'wt-accounts-example-'));
      const sandbox = await startSandbox({ seed: 'empty', credentials: LIVE, extraAccounts: [EU_SHOP] });
      let exporter: ReturnType<typeof manage> | null = null;
      try {
        // What LoadCredential= makes: a folder of files only the service's user reads.
        const credentials = join(dir, 'credentials');
        mkdirSync(credentials, { mode: 0o700 });
        writeFileSync(join(credentials, 'calypso-live'), `${LIVE.apiSecret}\n`, { mode: 0o400 });
        writeFileSync(join(credentials, 'calypso-eu-shop'), EU_SHOP.apiSecret, { mode: 0o400 });
        const example = readFileSync(EXAMPLE, 'utf8');
        expect(example).toContain('baseUrl: https://api.calypso.finance');
        const accountsFile = join(dir, 'accounts.yml');
        writeFileSync(accountsFile, example.replaceAll('https://api.calypso.finance', sandbox.url));

        const port = await freePort();
        exporter = manage(
          'webhook-tray exporter',
          spawnCli(['exporter', '--listen', `127.0.0.1:${port}`, '--accounts-file', accountsFile], {
            cleanEnv: true,
            env: { CREDENTIALS_DIRECTORY: credentials, WEBHOOK_TRAY_CONFIG_DIR: join(dir, 'config') },
          }),
        );
        const up = (profile: string, account: string) =>
          new RegExp(
            `^calypso_webhook_up\\{(?=[^}]*profile="${profile}")(?=[^}]*account="${account}")[^}]*\\} 1$`,
            'm',
          );
        const metrics = await eventually(
          'both accounts of the example to be up',
          async () => {
            const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
            return up('live', LIVE.account).test(text) && up('eu-shop', EU_SHOP.account).test(text)
              ? text
              : undefined;
          },
          { timeoutMs: 20_000, detail: exporter.tail },
        );
        expect(metrics).not.toContain(LIVE.apiSecret);
      } finally {
        await exporter?.stop();
        await sandbox.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
