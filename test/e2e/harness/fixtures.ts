import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { AppServices } from '../../../main/core/app-services';
import type { RunningSandbox, SandboxOptions } from '../../../main/core/sandbox/types';
import type { ConfirmRequest, SecretDialogRequest } from '../../../main/ipc/confirmations';
import type { ChannelKey, ErrorInfo, PushPayloads } from '../../../main/ipc/contract';
import { bridgeScript } from './bridge-bundle';
import { loadCore, type Core } from './core-bundle';
import { notificationRecorderScript, type RecordedNotification } from './notification-recorder';
import { serveStatic } from './static-server';

const RENDERER_DIR = resolve(__dirname, '../../../out/renderer');
const CORE_BUNDLES = resolve(__dirname, '../../../test-results/e2e-core');
const WEB_CONTENTS_ID = 1;

/** The app as the window sees it: real core services and handlers behind the real bridge. */
export interface Harness {
  page: Page;
  services: AppServices;
  configDir: string;
  /** URLs the handlers asked the shell to open in the browser. */
  opened: string[];
  /** What the handlers put on the (stand-in) clipboard. */
  clipboard: { text: string };
  /** Each value the handlers passed to the (stand-in) login item, in order. */
  loginItemCalls: boolean[];
  /**
   * Main's native dialogs, answered by the test: each confirmation asked (answered with `answer`,
   * true by default, after `delayMs`: a person takes a while to click) and each secret shown in
   * main's own dialog.
   */
  dialogs: { answer: boolean; delayMs: number; asked: ConfirmRequest[]; secrets: SecretDialogRequest[] };
  /**
   * Makes the next call of one channel answer with this error instead of reaching its handler: for
   * failures the real services cannot be made to produce on demand (a keychain that will not open).
   */
  failNext(channel: ChannelKey, error: ErrorInfo): void;
  /** Loads the renderer and waits for its first screen. */
  open(): Promise<void>;
  /** Loads the renderer without waiting for any screen (to see the loading or start-up error screen). */
  load(): Promise<void>;
  /** Pushes an event to the window, as main does over IPC. */
  push<P extends keyof PushPayloads>(event: P, payload: PushPayloads[P]): Promise<void>;
  /** Notifications the page created (recorded by wrapping window.Notification). */
  notifications(): Promise<RecordedNotification[]>;
  /** The running sandbox demo; throws when it was not started. */
  sandbox(): RunningSandbox;
  /** Console errors matching this are expected (a test that provokes them on purpose). */
  ignoreConsoleErrors(pattern: RegExp): void;
}

interface Options {
  /**
   * Runs on the empty config folder before the services open it (to seed settings or history).
   * Wrapped in an object: Playwright would take a bare function for a fixture.
   */
  prepareConfig: { run(configDir: string): Promise<void> } | null;
  /** Options of the demo sandbox; by default deliveries are driven by the test, not a timer. */
  sandboxOptions: Omit<SandboxOptions, 'seed'>;
}

interface WorkerFixtures {
  rendererUrl: string;
  bridge: string;
  /** The real core services and IPC handlers. */
  core: Core;
}

export const test = base.extend<Options & { harness: Harness }, WorkerFixtures>({
  sandboxOptions: [{ deliveryIntervalMs: null, blockAfter: 4, deliveryTimeoutMs: 1_000 }, { option: true }],
  prepareConfig: [null, { option: true }],

  rendererUrl: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serveStatic(RENDERER_DIR);
      await use(`${server.url}index.html`);
      await server.close();
    },
    { scope: 'worker' },
  ],
  bridge: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => use(await bridgeScript()),
    { scope: 'worker' },
  ],
  core: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      // A folder of its own per worker, so two runs at once never empty each other's bundle; inside
      // the repository, so the bundle's require() finds node_modules.
      await mkdir(CORE_BUNDLES, { recursive: true });
      const outDir = await mkdtemp(join(CORE_BUNDLES, 'core-'));
      await use(await loadCore(outDir));
      await rm(outDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],

  harness: async (
    { browser, rendererUrl, bridge, core, sandboxOptions, colorScheme, locale, timezoneId, prepareConfig },
    use,
    testInfo,
  ) => {
    const {
      contract,
      createAppServices,
      createDispatch,
      createHandlers,
      forwardAccountSignals,
      isTrustedSender,
      pushChannelNames,
    } = core;
    const keyOfChannel = new Map<string, ChannelKey>(
      (Object.keys(contract) as ChannelKey[]).map((key) => [contract[key].name, key]),
    );
    const configDir = await mkdtemp(join(tmpdir(), 'wt-e2e-'));
    await prepareConfig?.run(configDir);
    const logLines: string[] = [];
    const services = await createAppServices({
      configDir,
      sandbox: sandboxOptions,
      log: (line) => logLines.push(line),
    });
    const opened: string[] = [];
    const clipboard = { text: '' };
    const loginItemCalls: boolean[] = [];
    const dialogs: Harness['dialogs'] = { answer: true, delayMs: 0, asked: [], secrets: [] };
    const failures = new Map<string, ErrorInfo>();
    const handlers = createHandlers(services, {
      clipboard: {
        readText: () => clipboard.text,
        writeText: (text) => {
          clipboard.text = text;
        },
      },
      confirm: async (request) => {
        dialogs.asked.push(request);
        if (dialogs.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, dialogs.delayMs));
        return dialogs.answer;
      },
      showSecret: async (request) => void dialogs.secrets.push(request),
      openExternal: async (url) => {
        opened.push(url);
        return true;
      },
      loginItem: {
        set: async (enabled: boolean) => {
          loginItemCalls.push(enabled);
        },
      },
      appVersion: '0.0.0-e2e',
      log: (line) => logLines.push(line),
    });
    const dispatch = createDispatch(handlers, (sender) =>
      isTrustedSender(sender, { webContentsId: WEB_CONTENTS_ID, rendererUrl }),
    );

    const context = await browser.newContext({
      colorScheme,
      locale,
      timezoneId,
      viewport: { width: 1180, height: 820 },
    });
    await context.grantPermissions(['notifications']);
    const page = await context.newPage();
    const problems: string[] = [];
    const expected: RegExp[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.exposeBinding('__wtInvoke', async (source, channel: string, request: unknown) => {
      const key = keyOfChannel.get(channel) ?? channel;
      const failure = failures.get(key);
      if (failure !== undefined) {
        failures.delete(key);
        return { ok: false, error: failure };
      }
      return dispatch(key, request, {
        webContentsId: WEB_CONTENTS_ID,
        isMainFrame: source.frame === source.page.mainFrame(),
        url: source.frame.url(),
      });
    });
    await page.addInitScript(notificationRecorderScript);
    await page.addInitScript({ content: bridge });

    const push = async <P extends keyof PushPayloads>(event: P, payload: PushPayloads[P]): Promise<void> => {
      await page.evaluate(
        ([channel, data]) =>
          (window as unknown as { __wtPush(c: string, p: unknown): number }).__wtPush(channel, data),
        [pushChannelNames[event], payload] as const,
      );
    };
    // What main/index.ts does with the monitor's output: forward it to the window.
    const stopSnapshots = services.onSnapshot(
      (snapshot) => void push('snapshot', snapshot).catch(() => undefined),
    );
    const stopNotifications = services.onNotification(
      (notification) => void push('notification', notification).catch(() => undefined),
    );
    // And the accounts and settings changes, as signals the window re-reads its lists on.
    const stopAccountSignals = forwardAccountSignals(
      services.profiles,
      (signal) => void push(signal, null).catch(() => undefined),
    );
    services.start();

    const harness: Harness = {
      page,
      services,
      configDir,
      opened,
      clipboard,
      loginItemCalls,
      dialogs,
      failNext(channel, error) {
        failures.set(channel, error);
      },
      async load() {
        await page.goto(rendererUrl);
      },
      async open() {
        await page.goto(rendererUrl);
        await expect(page.locator('h1')).not.toHaveText('Webhook Tray');
      },
      push,
      notifications: () =>
        page.evaluate(
          () => (window as unknown as { __wtNotifications: RecordedNotification[] }).__wtNotifications,
        ),
      ignoreConsoleErrors(pattern) {
        expected.push(pattern);
      },
      sandbox() {
        const session = services.sandboxDemo.current();
        if (session === null) throw new Error('harness: the sandbox demo is not running');
        return session.sandbox;
      },
    };

    await use(harness);

    stopSnapshots();
    stopNotifications();
    stopAccountSignals();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('core log', { body: logLines.join('\n'), contentType: 'text/plain' });
    }
    await context.close();
    await services.close();
    await rm(configDir, { recursive: true, force: true });
    // A CSP violation or an uncaught error fails the test even when every assertion passed.
    expect(
      problems.filter((p) => !expected.some((pattern) => pattern.test(p))),
      'errors in the page',
    ).toEqual([]);
  },
});

export { expect };
