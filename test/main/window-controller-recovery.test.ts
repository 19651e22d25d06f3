import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { record, resetStandIn, StandInEvent } from './electron-stand-in';
import { snapshotsByState } from './snapshots';

vi.mock('electron', () => import('./electron-stand-in'));

const { createWindowController, RELOAD_BACKOFF } = await import('../../main/shell/window/window-controller');
const { createMainWindow } = await import('../../main/shell/window/window');

const START = 1_000_000;

/** Each reload the controller asked for, as the (fake) time since the test started. */
let reloads: number[] = [];
let lines: string[] = [];

/**
 * The shared stand-in has no webContents.reload(); each created window gets one here that only
 * records the call: the test then says how the reload went (finishLoad, failLoad, a crash).
 */
function controller() {
  return createWindowController({
    create: () => {
      const window = createMainWindow({
        preloadPath: '/p.js',
        renderer: { kind: 'app', url: 'app://renderer/index.html', root: '/r' },
        isQuitting: () => false,
      });
      window.webContents.reload = () => {
        reloads.push(Date.now() - START);
      };
      return window;
    },
    log: (line) => lines.push(line),
  });
}

function webContents() {
  return record.windows[0]!.webContents;
}

function crash(reason = 'crashed'): void {
  webContents().emit('render-process-gone', new StandInEvent(), { reason, exitCode: 11 });
}

function failLoad(errorCode: number, isMainFrame: boolean): void {
  webContents().emit(
    'did-fail-load',
    new StandInEvent(),
    errorCode,
    'ERR',
    'file:///r/index.html',
    isMainFrame,
  );
}

const notification = {
  kind: 'failing' as const,
  title: 'Webhook failing',
  body: 'x',
  urgency: 'normal' as const,
  profileId: 'live',
  requestId: 'r1',
  tag: 'live/r1/t',
};

beforeEach(() => {
  resetStandIn();
  vi.useFakeTimers();
  vi.setSystemTime(START);
  reloads = [];
  lines = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('window controller: a crashed or unloaded page is reloaded', () => {
  it('a crash while loaded reloads the page; what was pushed meanwhile is delivered after the reload', () => {
    const windows = controller();
    windows.show();
    webContents().finishLoad();
    windows.push('snapshot', snapshotsByState.ok);
    expect(webContents().sent).toEqual([['wt:push:snapshot', snapshotsByState.ok]]);

    crash();
    windows.push('snapshot', snapshotsByState.warning);
    windows.push('notification', notification);
    windows.push('snapshot', snapshotsByState.critical);
    expect(webContents().sent).toHaveLength(1);

    vi.advanceTimersByTime(RELOAD_BACKOFF.firstMs - 1);
    expect(reloads).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reloads).toEqual([1_000]);
    expect(webContents().sent).toHaveLength(1);

    webContents().finishLoad();
    expect(webContents().sent.slice(1)).toEqual([
      ['wt:push:snapshot', snapshotsByState.critical],
      ['wt:push:notification', notification],
    ]);
    windows.push('snapshot', snapshotsByState.ok);
    expect(webContents().sent.at(-1)).toEqual(['wt:push:snapshot', snapshotsByState.ok]);
    expect(lines).toEqual([
      "window: the app page's renderer is gone (crashed, exit code 11); reloading it in 1 s",
    ]);
  });

  it('a failed main-frame load is reloaded after the backoff; the error page that follows gets nothing', () => {
    const windows = controller();
    windows.push('notification', notification, { create: true });
    webContents().failLoad();
    // Electron follows a failed load with did-finish-load for its error page.
    webContents().finishLoad();
    windows.push('snapshot', snapshotsByState.critical);
    expect(webContents().sent).toEqual([]);
    expect(lines).toEqual(['window: the app page did not load (-6 ERR_FILE_NOT_FOUND); reloading it in 1 s']);

    vi.advanceTimersByTime(RELOAD_BACKOFF.firstMs);
    expect(reloads).toEqual([1_000]);
    webContents().finishLoad();
    expect(webContents().sent).toEqual([
      ['wt:push:snapshot', snapshotsByState.critical],
      ['wt:push:notification', notification],
    ]);
  });

  it('repeated crashes and failed reloads back off, up to a minute; a page that stayed loaded starts over', () => {
    const windows = controller();
    windows.show();
    webContents().finishLoad();

    // How long after a failure the page is reloaded.
    function delayAfter(fail: () => void): number {
      fail();
      const failedAt = Date.now() - START;
      vi.advanceTimersByTime(RELOAD_BACKOFF.maxMs);
      return reloads.at(-1)! - failedAt;
    }
    // Crashes as soon as it is back, then reloads that fail: 1, 2, 4, ... s, capped at 60 s.
    const delays = [
      delayAfter(() => crash()),
      delayAfter(() => {
        webContents().finishLoad();
        crash('oom');
      }),
      delayAfter(() => {
        webContents().finishLoad();
        crash('killed');
      }),
    ];
    for (let n = 0; n < 5; n++) delays.push(delayAfter(() => webContents().failLoad()));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(reloads).toHaveLength(8);

    // A crash twice reported (the renderer dies while loading) reloads once.
    const before = reloads.length;
    crash();
    webContents().failLoad();
    vi.advanceTimersByTime(RELOAD_BACKOFF.maxMs);
    expect(reloads).toHaveLength(before + 1);

    // Back up and stable for a while: the next crash is reloaded after the first delay again.
    webContents().finishLoad();
    vi.advanceTimersByTime(RELOAD_BACKOFF.stableMs);
    crash();
    const crashedAt = Date.now() - START;
    vi.advanceTimersByTime(RELOAD_BACKOFF.firstMs);
    expect(reloads.at(-1)).toBe(crashedAt + RELOAD_BACKOFF.firstMs);
  });

  it('an aborted navigation, a subframe failure or a clean exit does nothing', () => {
    const windows = controller();
    windows.show();
    webContents().finishLoad();
    failLoad(-3, true);
    failLoad(-6, false);
    failLoad(-105, false);
    crash('clean-exit');
    vi.advanceTimersByTime(10 * RELOAD_BACKOFF.maxMs);
    expect(reloads).toEqual([]);
    expect(lines).toEqual([]);
    windows.push('notification', notification);
    expect(webContents().sent).toEqual([['wt:push:notification', notification]]);
  });

  it('a window closed while its reload waits is not reloaded', () => {
    const windows = controller();
    windows.show();
    webContents().finishLoad();
    crash();
    record.windows[0]!.destroyed = true;
    record.windows[0]!.emit('closed');
    vi.advanceTimersByTime(RELOAD_BACKOFF.maxMs);
    expect(reloads).toEqual([]);
  });
});
