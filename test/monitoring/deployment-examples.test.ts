import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT, runTool } from './monitoring-tools';

const docs = (name: string) => join(REPO_ROOT, 'docs/monitoring', name);
const read = (name: string) => readFileSync(docs(name), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'wt-monitoring-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docs/monitoring/prometheus.yml', () => {
  it('passes promtool check config, with its rule_files path pointed at the shipped rules', async () => {
    const rulesPath = '/etc/prometheus/rules/calypso-alerts.yml';
    const text = read('prometheus.yml');
    expect(text).toContain(rulesPath);
    const copy = join(scratch, 'prometheus.yml');
    writeFileSync(copy, text.replace(rulesPath, docs('alerts.yml')));
    const result = await runTool('promtool', ['check', 'config', copy]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS: 6 rules found');
  });
});

describe('docs/monitoring/alertmanager.yml', () => {
  it('passes amtool check-config', async () => {
    const result = await runTool('amtool', ['check-config', docs('alertmanager.yml')]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });

  it.each([
    ['critical', 'CalypsoWebhookBlocked', 'calypso-critical'],
    ['critical', 'CalypsoApiDown', 'calypso-critical'],
    ['warning', 'CalypsoWebhookFailing', 'calypso-warning'],
    ['warning', 'CalypsoWebhookCertificateExpiring', 'calypso-warning'],
  ])('routes a %s alert (%s) to %s', async (severity, alertname, receiver) => {
    const result = await runTool('amtool', [
      'config',
      'routes',
      'test',
      `--config.file=${docs('alertmanager.yml')}`,
      `--verify.receivers=${receiver}`,
      `severity=${severity}`,
      `alertname=${alertname}`,
      'profile=live',
      'account=0x1111111111111111111111111111111111111111',
    ]);
    expect(result.code, result.output).toBe(0);
  });
});

describe('docs/monitoring/webhook-tray-exporter.service', () => {
  const unit = read('webhook-tray-exporter.service');

  it('loads, as a credential, every secret file accounts.yml reads from ${CREDENTIALS_DIRECTORY}', () => {
    const loaded = [...unit.matchAll(/^LoadCredential=([^:\s]+):/gm)].map((match) => match[1]);
    const named = [...read('accounts.yml').matchAll(/\$\{CREDENTIALS_DIRECTORY\}\/(\S+)/g)].map(
      (match) => match[1],
    );
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.sort()).toEqual(named.sort());
  });

  // systemd-analyze only where systemd is installed; it warns (exit 0) on unknown keys, so any output fails.
  it.runIf(existsSync('/usr/bin/systemd-analyze'))('passes systemd-analyze verify without a warning', () => {
    const binary = '/usr/local/bin/webhook-tray';
    expect(unit).toContain(`ExecStart=${binary} exporter`);
    const standIn = join(scratch, 'webhook-tray');
    writeFileSync(standIn, '#!/bin/sh\n');
    chmodSync(standIn, 0o755);
    const copy = join(scratch, 'webhook-tray-exporter.service');
    writeFileSync(copy, unit.replace(binary, standIn));
    const result = spawnSync('/usr/bin/systemd-analyze', ['verify', copy], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });
});

interface K8sObject {
  kind: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    template: {
      spec: {
        containers: { volumeMounts: { name: string; mountPath: string }[] }[];
        volumes: { name: string; secret?: { secretName: string; defaultMode: number } }[];
      };
    };
  };
}

describe('docs/monitoring/kubernetes.yml', () => {
  // Kubernetes reads YAML 1.1, where 0400 is octal.
  const objects = parseAllDocuments(read('kubernetes.yml'), { version: '1.1' }).map(
    (document) => document.toJS() as K8sObject,
  );
  const byKind = (kind: string) => {
    const found = objects.find((object) => object.kind === kind);
    if (found === undefined) throw new Error(`kubernetes.yml has no ${kind}`);
    return found;
  };

  it('mounts the secret with mode 0400, where the accounts file looks for it', () => {
    const pod = byKind('Deployment').spec!.template.spec;
    const secretVolume = pod.volumes.find((volume) => volume.secret !== undefined);
    expect(secretVolume?.secret?.defaultMode).toBe(0o400);
    const mount = pod.containers[0]?.volumeMounts.find(
      (volumeMount) => volumeMount.name === secretVolume?.name,
    );
    const accounts = parse(byKind('ConfigMap').data!['accounts.yml']!) as { apiSecretFile: string }[];
    const secretKeys = Object.keys(byKind('Secret').stringData ?? {});
    expect(accounts.length).toBeGreaterThan(0);
    for (const entry of accounts) {
      expect(entry.apiSecretFile.startsWith(`${mount?.mountPath}/`)).toBe(true);
      expect(secretKeys).toContain(entry.apiSecretFile.slice(`${mount?.mountPath}/`.length));
    }
  });
});
