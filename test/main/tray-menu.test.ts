import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildTrayMenu,
  statusLine,
  trayIconFile,
  trayIconState,
  trayTooltip,
  type TrayMenuItem,
} from '../../main/shell/tray/tray-menu';
import type { ProfileState } from '../../main/core/monitor/types';
import { channel, profile, snapshot, snapshotsByState } from './snapshots';

const hhmm = (iso: string) => iso.slice(11, 16);
const labels = (menu: TrayMenuItem[]) => menu.filter((i) => i.kind !== 'separator').map((i) => i.label);
const actions = (menu: TrayMenuItem[]) =>
  menu.flatMap((i) => [i.action, ...(i.submenu ?? []).map((s) => s.action)]).filter((a) => a !== undefined);

describe('tray icon per state', () => {
  const expected: Record<ProfileState, string> = {
    ok: 'ok',
    warning: 'warning',
    unreachable: 'warning',
    critical: 'critical',
    'auth-error': 'critical',
    unknown: 'unknown',
    paused: 'unknown',
  };
  for (const [state, icon] of Object.entries(expected)) {
    it(`${state} -> ${icon}, and the icon files exist for every platform`, () => {
      const iconState = trayIconState(snapshotsByState[state as ProfileState].worst);
      expect(iconState).toBe(icon);
      expect(trayIconFile(iconState, 'linux')).toBe(`tray-${icon}.png`);
      expect(trayIconFile(iconState, 'darwin')).toBe(`tray-${icon}Template.png`);
      for (const file of [
        `tray-${icon}.png`,
        `tray-${icon}@2x.png`,
        `tray-${icon}Template.png`,
        `tray-${icon}Template@2x.png`,
      ]) {
        expect(existsSync(join(__dirname, '../../build/icons', file)), file).toBe(true);
      }
    });
  }
});

describe('tray menu per state', () => {
  it('ok: all healthy, one line per channel, pause choices, regenerate per account', () => {
    const menu = buildTrayMenu(snapshotsByState.ok, hhmm);
    expect(labels(menu)).toEqual([
      'All 2 webhooks healthy',
      'LIVE: ok',
      '    https://shop.example/a (healthy)',
      '    https://shop.example/b (healthy)',
      'Check now',
      'Pause monitoring',
      'Regenerate webhook keys',
      'Open Webhook Tray',
      'Quit',
    ]);
    expect(menu[0]!.enabled).toBe(false);
    const pause = menu.find((i) => i.label === 'Pause monitoring')!;
    expect(pause.submenu!.map((i) => i.action)).toEqual([
      { type: 'pause', minutes: 15 },
      { type: 'pause', minutes: 60 },
      { type: 'pause', minutes: null },
    ]);
    const regenerate = menu.find((i) => i.label === 'Regenerate webhook keys')!;
    expect(regenerate.submenu!.map((i) => i.action)).toEqual([
      { type: 'regenerate-keys', profileId: 'live', profileName: 'LIVE' },
    ]);
    expect(menu.find((i) => i.label.includes('/a '))!.action).toEqual({
      type: 'open-channel',
      profileId: 'live',
      requestId: 'a',
    });
  });

  it('warning: names the failing channel with its error count', () => {
    const menu = buildTrayMenu(snapshotsByState.warning, hhmm);
    expect(labels(menu)).toContain('    https://shop.example/b (failing, 12 errors)');
    expect(labels(menu)[0]).toBe('1 failing');
    expect(labels(menu)[1]).toBe('LIVE: failing webhooks');
  });

  it('under a failing channel with a forecast, says when Calypso will block it', () => {
    const failing = { ...channel('b', 'failing', 40), predictedBlockAt: '2026-01-01T10:10:00.000Z' };
    // takenAt is 10:06: four minutes ahead.
    const menu = buildTrayMenu(snapshot('warning', [profile('live', 'warning', [failing])]), hhmm);
    const lines = labels(menu);
    const at = lines.indexOf('    https://shop.example/b (failing, 40 errors)');
    expect(lines[at + 1]).toBe(
      '        Calypso will block this webhook in about 4 minutes at the current failure rate',
    );
    // No forecast, no line.
    expect(labels(buildTrayMenu(snapshotsByState.warning, hhmm)).join('\n')).not.toContain('will block');
  });

  it('critical: counts blocked, failing and disabled', () => {
    const menu = buildTrayMenu(snapshotsByState.critical, hhmm);
    expect(labels(menu)[0]).toBe('1 blocked, 1 failing, 1 disabled');
    expect(labels(menu)).toContain('    https://shop.example/a (blocked, 120 errors)');
    expect(labels(menu)).toContain('    https://shop.example/c (disabled)');
  });

  it('auth-error: says the API key was refused', () => {
    const menu = buildTrayMenu(snapshotsByState['auth-error'], hhmm);
    expect(labels(menu).slice(0, 2)).toEqual(['1 account refused the API key', 'LIVE: API key refused']);
  });

  it('unreachable: says so', () => {
    expect(labels(buildTrayMenu(snapshotsByState.unreachable, hhmm)).slice(0, 2)).toEqual([
      '1 account unreachable',
      'LIVE: unreachable',
    ]);
  });

  it('unknown: checking', () => {
    expect(labels(buildTrayMenu(snapshotsByState.unknown, hhmm)).slice(0, 2)).toEqual([
      'Checking webhooks…',
      'LIVE: not checked yet',
    ]);
  });

  it('paused: shows until when, and offers Resume instead of Pause', () => {
    const menu = buildTrayMenu(snapshotsByState.paused, hhmm);
    expect(labels(menu)[0]).toBe('Monitoring paused until 11:00');
    expect(labels(menu)).toContain('Resume monitoring');
    expect(labels(menu)).not.toContain('Pause monitoring');
    const untilResumed = snapshot('paused', [profile('live', 'paused', [])]);
    expect(statusLine(untilResumed, hhmm)).toBe('Monitoring paused');
    expect(labels(buildTrayMenu(untilResumed, hhmm))).toContain('Resume monitoring');
  });

  it('no account: only the status, Open and Quit', () => {
    const menu = buildTrayMenu(snapshot('unknown', []), hhmm);
    expect(labels(menu)).toEqual(['No Calypso account yet', 'Open Webhook Tray', 'Quit']);
    expect(actions(menu)).toEqual([{ type: 'open' }, { type: 'quit' }]);
  });

  it('several accounts: grouped lines, one regenerate entry each, an account without webhooks', () => {
    const s = snapshot('critical', [
      profile('live', 'ok', [channel('a', 'healthy')]),
      profile('shop2', 'critical', []),
    ]);
    const menu = buildTrayMenu(s, hhmm);
    expect(labels(menu).slice(0, 4)).toEqual([
      '1 account without webhooks',
      'LIVE: ok',
      '    https://shop.example/a (healthy)',
      'SHOP2: no webhooks',
    ]);
    expect(menu.find((i) => i.label === 'Regenerate webhook keys')!.submenu!.map((i) => i.label)).toEqual([
      'LIVE…',
      'SHOP2…',
    ]);
  });

  it('is a pure function: the same snapshot gives the same menu', () => {
    for (const s of Object.values(snapshotsByState))
      expect(buildTrayMenu(s, hhmm)).toEqual(buildTrayMenu(s, hhmm));
  });

  it('tooltip: status and one line per account', () => {
    expect(trayTooltip(snapshotsByState.warning, hhmm)).toBe(
      'Webhook Tray: 1 failing\nLIVE: failing webhooks',
    );
  });
});
