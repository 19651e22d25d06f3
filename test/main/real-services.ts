import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeytarSecretStore } from '../../main/core/accounts/keytar-secret-store';
import { createAppServices, type AppServices, type AppServicesOptions } from '../../main/core/app-services';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../main/core/sandbox';
import type { ConfirmRequest, SecretDialogRequest } from '../../main/ipc/confirmations';
import { createHandlers, type ShellHandlers, type ShellPorts } from '../../main/ipc/handlers';

/** A clipboard that lives in memory and a timer we fire by hand: the two things a test drives. */
export function testPorts() {
  const clipboard = {
    text: '',
    readText: () => clipboard.text,
    writeText: (t: string) => void (clipboard.text = t),
  };
  const timers: { callback: () => void; ms: number }[] = [];
  const cancelled: unknown[] = [];
  const opened: string[] = [];
  // Main's native dialogs: each request is kept, and the answer is what the test set (confirm by default).
  const dialogs = { answer: true, asked: [] as ConfirmRequest[], secrets: [] as SecretDialogRequest[] };
  const loginItem = { enabled: false, set: async (enabled: boolean) => void (loginItem.enabled = enabled) };
  const ports: ShellPorts = {
    clipboard,
    confirm: async (request) => {
      dialogs.asked.push(request);
      return dialogs.answer;
    },
    showSecret: async (request) => void dialogs.secrets.push(request),
    openExternal: async (url) => {
      opened.push(url);
      return true;
    },
    loginItem,
    appVersion: '0.0.0-test',
    // The handle is the timer's position in `timers`.
    setTimeout: (callback, ms) => timers.push({ callback, ms }) - 1,
    clearTimeout: (handle) => cancelled.push(handle),
  };
  return { ports, clipboard, timers, cancelled, opened, loginItem, dialogs };
}

export interface RealWorld {
  services: AppServices;
  /** The config folder (settings.json...), a temp folder removed by `dispose`. */
  dir: string;
  handlers: ShellHandlers;
  sandbox: RunningSandbox;
  /** The API secret of the merchant account in `sandbox`: it must never leave main. */
  apiSecret: string;
  keychainService: string;
  /** The real keychain under this run's private service name. */
  secrets: KeytarSecretStore;
  ports: ReturnType<typeof testPorts>;
  dispose(): Promise<void>;
}

/**
 * Real core services (settings in a temp folder, the real keychain under a private service name,
 * the monitor) and a real sandbox for a merchant account whose secret is unique to this run.
 * `options` are added to the services' own (intervals, watching settings.json...).
 */
export async function realWorld(
  options: Partial<AppServicesOptions> = {},
  extra: { sandbox?: Omit<SandboxOptions, 'seed' | 'credentials'>; ports?: Partial<ShellPorts> } = {},
): Promise<RealWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'wt-main-'));
  const apiSecret = `api-secret-${randomBytes(12).toString('hex')}`;
  const sandbox = await startSandbox({
    seed: 'demo',
    deliveryIntervalMs: null,
    ...extra.sandbox,
    credentials: { apiKey: 'merchant-key', apiSecret, account: `0x${'ab'.repeat(20)}` },
  });
  const keychainService = `webhook-tray-test-${randomBytes(4).toString('hex')}`;
  const secrets = new KeytarSecretStore({ service: keychainService });
  const services = await createAppServices({
    configDir: dir,
    secrets,
    sandbox: { deliveryIntervalMs: null },
    history: { debounceMs: 0 },
    ...options,
  });
  const ports = testPorts();
  const handlers = createHandlers(services, { ...ports.ports, ...extra.ports });
  return {
    services,
    dir,
    handlers,
    sandbox,
    apiSecret,
    keychainService,
    secrets,
    ports,
    async dispose() {
      for (const profile of services.profiles.list()) await secrets.delete(profile.id);
      await services.close();
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
