/**
 * Renderer: the weight of the JS and CSS the window loads (out/renderer, as built by electron-vite),
 * and the time from navigation to the first screenful of a 500-channel dashboard in Chromium. The
 * page runs the real bridge (the preload's createBridge over a Playwright binding) in front of the
 * real IPC dispatch, handlers and core services, with the sandbox demo holding 500 webhooks. The
 * start-up answers, made by those real handlers just before each load, are served in the page:
 * Electron's IPC costs well under a millisecond a call, Playwright's binding a CDP round trip, not ours.
 */
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { it } from 'vitest';
import { createAppServices } from '../../main/core/app-services';
import { SANDBOX_PROFILE_ID } from '../../main/core/sandbox/sandbox-demo';
import { contract, type ChannelKey } from '../../main/ipc/contract';
import { createDispatch } from '../../main/ipc/dispatch';
import { createHandlers } from '../../main/ipc/handlers';
import { isTrustedSender } from '../../main/ipc/sender-policy';
import { bridgeScript } from '../e2e/harness/bridge-bundle';
import { serveStatic } from '../e2e/harness/static-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { BENCH_OUT_DIR, BUILD_DIR } from './support/bench-paths';
import { printTable, saveResult } from './support/report';
import { fixed, median } from './support/stats';

/** A private copy of the built renderer: a rebuild of the shared `out` during a run cannot pull it away. */
const RENDERER_DIR = join(BENCH_OUT_DIR, 'renderer');
const CHANNELS = 500;
const RUNS = 9;
const WARM_UP_RUNS = 2;
const TARGET_JS_KB = 60;
const TARGET_MS = 150;
const WEB_CONTENTS_ID = 1;
/** What the renderer loads at start-up, in one batch (AppState.reload). */
const STARTUP_CHANNELS = [
  'listProfiles',
  'getSnapshot',
  'getSettings',
  'appInfo',
] as const satisfies readonly ChannelKey[];

/**
 * Runs in the page after the binding and before the renderer: answers the start-up calls from
 * `answers`, sends every other call over the binding, and notes as performance.now() (ms since
 * navigation started) the first call to main, the first cards in the DOM and the frame after
 * them (the first screenful painted), and all the cards in the DOM.
 */
function pageScript(answers: readonly [string, unknown][]): string {
  return `(() => {
  const answers = new Map(JSON.parse(${JSON.stringify(JSON.stringify(answers))}));
  const remote = window.__wtInvokeRemote;
  const marks = (window.__wtBench = {});
  window.__wtInvoke = (channel, request) => {
    marks.firstCallMs ??= performance.now();
    if (!answers.has(channel)) return remote(channel, request);
    const answer = answers.get(channel);
    answers.delete(channel);
    return Promise.resolve(answer);
  };
  const observer = new MutationObserver(() => {
    const cards = document.querySelectorAll('li[data-request-id]');
    if (marks.firstCardsMs === undefined && cards.length > 0) {
      marks.firstCardsMs = performance.now();
      marks.firstCards = cards.length;
      requestAnimationFrame(() =>
        setTimeout(() => {
          marks.firstPaintMs = performance.now();
          marks.firstScreenFull = cards[cards.length - 1].getBoundingClientRect().bottom >= window.innerHeight;
        }, 0),
      );
    }
    if (cards.length < ${CHANNELS}) return;
    marks.allCardsMs = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;
}

interface PageMarks {
  firstCallMs: number;
  firstCardsMs: number;
  firstCards: number;
  firstPaintMs: number;
  /** Whether the first cards reach below the viewport: the screen is full at first paint. */
  firstScreenFull: boolean;
  allCardsMs: number;
  /** The page's main-thread CPU time at the end (Chromium's ThreadTime), which load disturbs far less than wall time. */
  threadCpuMs: number;
}

interface AssetSize {
  file: string;
  kind: 'js' | 'css';
  bytes: number;
  gzipBytes: number;
}

/** The scripts and stylesheets index.html loads, with their raw and gzip (level 9) sizes. */
function assetSizes(): AssetSize[] {
  const html = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(js|css))"/g)];
  return refs.map((match) => {
    const file = match[1]!;
    const content = readFileSync(join(RENDERER_DIR, file));
    return {
      file,
      kind: match[2] === 'js' ? 'js' : 'css',
      bytes: content.length,
      gzipBytes: gzipSync(content, { level: 9 }).length,
    };
  });
}

it(`renderer: asset weight and time to a dashboard of ${CHANNELS} channels`, async () => {
  rmSync(RENDERER_DIR, { recursive: true, force: true });
  cpSync(join(BUILD_DIR, 'renderer'), RENDERER_DIR, { recursive: true });
  const assets = assetSizes();
  const kb = (bytes: number) => fixed(bytes / 1024, 1);
  const total = (kind: 'js' | 'css', key: 'bytes' | 'gzipBytes') =>
    assets.filter((a) => a.kind === kind).reduce((sum, a) => sum + a[key], 0);
  const jsGzip = total('js', 'gzipBytes');
  printTable(
    `Renderer weight: what index.html loads (gzip -9; target JS <= ${TARGET_JS_KB} KB gzip)`,
    ['file', 'KB', 'gzip KB', 'target'],
    [
      ...assets.map((a) => [a.file, kb(a.bytes), kb(a.gzipBytes), '']),
      ['JS total', kb(total('js', 'bytes')), kb(jsGzip), jsGzip <= TARGET_JS_KB * 1024 ? 'met' : 'MISSED'],
      ['CSS total', kb(total('css', 'bytes')), kb(total('css', 'gzipBytes')), ''],
    ],
  );

  const configDir = await mkdtemp(join(tmpdir(), 'wt-bench-'));
  const services = await createAppServices({ configDir, sandbox: { deliveryIntervalMs: null } });
  const server = await serveStatic(RENDERER_DIR);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const session = await services.sandboxDemo.start();
    const existing = session.sandbox.control.subscriptions().length;
    for (let index = existing; index < CHANNELS; index += 1) {
      session.sandbox.control.addSubscription({
        url: `https://shop-${index}.example/webhooks/calypso`,
        notificationServiceTypes: ['INVOICE'],
        notificationEventTypes: ['INVOICE_PAID'],
      });
    }
    const snapshot = await services.monitor.checkNow(SANDBOX_PROFILE_ID);
    const channels = snapshot.profiles.reduce((sum, p) => sum + p.channels.length, 0);
    if (channels !== CHANNELS) throw new Error(`renderer: the snapshot holds ${channels} channels`);

    const rendererUrl = `${server.url}index.html`;
    const handlers = createHandlers(services, {
      clipboard: { readText: () => '', writeText: () => undefined },
      confirm: async () => false,
      showSecret: async () => undefined,
      openExternal: async () => false,
      loginItem: { set: async () => undefined },
      appVersion: '0.0.0-bench',
    });
    const dispatch = createDispatch(handlers, (sender) =>
      isTrustedSender(sender, { webContentsId: WEB_CONTENTS_ID, rendererUrl }),
    );
    const keyOfChannel = new Map<string, ChannelKey>(
      (Object.keys(contract) as ChannelKey[]).map((key) => [contract[key].name, key]),
    );
    const bridge = await bridgeScript();
    const sender = { webContentsId: WEB_CONTENTS_ID, isMainFrame: true, url: rendererUrl };

    /** Opens the window once, in a fresh browser context, as a newly opened window. */
    async function loadDashboard(): Promise<PageMarks> {
      const context = await browser.newContext({ viewport: { width: 1180, height: 820 } });
      await context.exposeBinding('__wtInvokeRemote', (source, channel: string, request: unknown) =>
        dispatch(keyOfChannel.get(channel) ?? channel, request, {
          webContentsId: WEB_CONTENTS_ID,
          isMainFrame: source.frame === source.page.mainFrame(),
          url: source.frame.url(),
        }),
      );
      const answers: [string, unknown][] = [];
      for (const key of STARTUP_CHANNELS) answers.push([contract[key].name, await dispatch(key, {}, sender)]);
      await context.addInitScript({ content: pageScript(answers) });
      await context.addInitScript({ content: bridge });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(rendererUrl);
      await page.waitForFunction(
        () => {
          const marks = (globalThis as unknown as { __wtBench: Partial<PageMarks> }).__wtBench;
          return marks.allCardsMs !== undefined && marks.firstPaintMs !== undefined;
        },
        undefined,
        { timeout: 30_000 },
      );
      const marks = await page.evaluate(
        () => (globalThis as unknown as { __wtBench: Omit<PageMarks, 'threadCpuMs'> }).__wtBench,
      );
      const { metrics } = await cdp.send('Performance.getMetrics');
      await context.close();
      if (errors.length > 0) throw new Error(`renderer: page errors: ${errors.join('; ')}`);
      const thread = metrics.find((metric) => metric.name === 'ThreadTime');
      if (thread === undefined) throw new Error('renderer: Chromium reported no ThreadTime metric');
      return { ...marks, threadCpuMs: thread.value * 1000 };
    }

    const runs: PageMarks[] = [];
    for (let run = 0; run < WARM_UP_RUNS + RUNS; run += 1) {
      const marks = await loadDashboard();
      if (run >= WARM_UP_RUNS) runs.push(marks);
    }
    const row = (label: string, values: number[], target = '') => [
      label,
      fixed(median(values), 0),
      fixed(Math.min(...values), 0),
      fixed(Math.max(...values), 0),
      target,
    ];
    const firstPaint = runs.map((r) => r.firstPaintMs);
    printTable(
      `Renderer: navigation -> dashboard with ${CHANNELS} channels, Chromium, median of ${RUNS} loads (target: first screenful painted < ${TARGET_MS} ms)`,
      ['', 'median ms', 'min ms', 'max ms', 'target'],
      [
        row(
          'first call to main (script loaded and run)',
          runs.map((r) => r.firstCallMs),
        ),
        row(
          'first cards in the DOM',
          runs.map((r) => r.firstCardsMs),
        ),
        row(
          '  how many (count)',
          runs.map((r) => r.firstCards),
        ),
        row('  loads where they fill the viewport (count)', [runs.filter((r) => r.firstScreenFull).length]),
        row(
          'first screenful painted (frame after them)',
          firstPaint,
          median(firstPaint) < TARGET_MS ? 'met' : 'MISSED',
        ),
        row(
          `all ${CHANNELS} channels in the DOM`,
          runs.map((r) => r.allCardsMs),
        ),
        row(
          'page main-thread CPU time, to the end',
          runs.map((r) => r.threadCpuMs),
        ),
      ],
    );
    saveResult('renderer', { assets, runs });
  } finally {
    await browser.close();
    await server.close();
    await services.close();
    await rm(configDir, { recursive: true, force: true });
  }
});
