import type {
  ChannelHealth,
  ChannelView,
  MonitorSnapshot,
  ProfileSnapshot,
  ProfileState,
} from '../../core/monitor';
import { describeForecast } from '../../core/forecast';

/** The four tray icons; `unknown` also stands for paused, when we do not watch. */
export type TrayIconState = 'ok' | 'warning' | 'critical' | 'unknown';

/** What a click on a tray menu item asks for; the tray glue carries it out. */
export type TrayAction =
  | { type: 'open' }
  | { type: 'open-channel'; profileId: string; requestId: string }
  | { type: 'check-now' }
  | { type: 'pause'; minutes: number | null }
  | { type: 'resume' }
  | { type: 'regenerate-keys'; profileId: string; profileName: string }
  | { type: 'quit' };

/** A menu item as plain data, so the whole menu is testable without Electron. */
export interface TrayMenuItem {
  label: string;
  kind: 'normal' | 'separator' | 'submenu';
  enabled: boolean;
  action?: TrayAction;
  submenu?: TrayMenuItem[];
}

export type TimeFormat = (iso: string) => string;

const localTime: TimeFormat = (iso) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** Maps the worst profile state of a snapshot to a tray icon. */
export function trayIconState(worst: ProfileState): TrayIconState {
  switch (worst) {
    case 'ok':
      return 'ok';
    case 'warning':
    case 'unreachable':
      return 'warning';
    case 'critical':
    case 'auth-error':
      return 'critical';
    case 'unknown':
    case 'paused':
      return 'unknown';
  }
}

/**
 * The file in build/icons for a state. macOS gets template images (black + alpha) that the
 * menu bar tints for light and dark; Electron picks the @2x file on its own.
 */
export function trayIconFile(state: TrayIconState, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`;
}

function countHealth(channels: readonly ChannelView[], health: ChannelHealth): number {
  return channels.filter((c) => c.health === health).length;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One sentence about the whole snapshot: the tray's status line and the start of its tooltip. */
export function statusLine(snapshot: MonitorSnapshot, formatTime: TimeFormat = localTime): string {
  if (snapshot.profiles.length === 0) return 'No Calypso account yet';
  if (snapshot.pausedUntil !== null) return `Monitoring paused until ${formatTime(snapshot.pausedUntil)}`;
  if (snapshot.worst === 'paused') return 'Monitoring paused';
  const channels = snapshot.profiles.flatMap((p) => p.channels);
  const parts: string[] = [];
  const blocked = countHealth(channels, 'blocked');
  const failing = countHealth(channels, 'failing');
  const disabled = countHealth(channels, 'disabled');
  if (blocked > 0) parts.push(`${blocked} blocked`);
  if (failing > 0) parts.push(`${failing} failing`);
  if (disabled > 0) parts.push(`${disabled} disabled`);
  const authErrors = snapshot.profiles.filter((p) => p.state === 'auth-error').length;
  const unreachable = snapshot.profiles.filter((p) => p.state === 'unreachable').length;
  if (authErrors > 0) parts.push(`${plural(authErrors, 'account')} refused the API key`);
  if (unreachable > 0) parts.push(`${plural(unreachable, 'account')} unreachable`);
  const empty = snapshot.profiles.filter((p) => p.state === 'critical' && p.channels.length === 0).length;
  if (empty > 0) parts.push(`${plural(empty, 'account')} without webhooks`);
  if (parts.length > 0) return parts.join(', ');
  if (snapshot.worst === 'unknown') return 'Checking webhooks…';
  return `All ${plural(channels.length, 'webhook')} healthy`;
}

function profileLabel(profile: ProfileSnapshot): string {
  const states: Record<ProfileState, string> = {
    ok: 'ok',
    warning: 'failing webhooks',
    critical: profile.channels.length === 0 ? 'no webhooks' : 'needs attention',
    'auth-error': 'API key refused',
    unreachable: 'unreachable',
    unknown: 'not checked yet',
    paused: 'paused',
  };
  return `${profile.profileName}: ${states[profile.state]}`;
}

function channelLabel(channel: ChannelView): string {
  const health =
    channel.health === 'failing' || (channel.health === 'blocked' && channel.errorCount > 0)
      ? `${channel.health}, ${plural(channel.errorCount, 'error')}`
      : channel.health;
  return `${channel.url} (${health})`;
}

/** The tooltip: the status line, then one line per profile. */
export function trayTooltip(snapshot: MonitorSnapshot, formatTime: TimeFormat = localTime): string {
  const lines = [`Webhook Tray: ${statusLine(snapshot, formatTime)}`];
  for (const profile of snapshot.profiles) lines.push(profileLabel(profile));
  return lines.join('\n');
}

const separator: TrayMenuItem = { label: '', kind: 'separator', enabled: true };

function item(label: string, action?: TrayAction): TrayMenuItem {
  return action === undefined
    ? { label, kind: 'normal', enabled: false }
    : { label, kind: 'normal', enabled: true, action };
}

/**
 * The tray menu as a pure function of the snapshot: a status line, one line per channel (grouped
 * by account; a click opens the window on it), Check now, Pause or Resume, Regenerate keys per
 * account, Open, Quit.
 */
export function buildTrayMenu(snapshot: MonitorSnapshot, formatTime: TimeFormat = localTime): TrayMenuItem[] {
  const menu: TrayMenuItem[] = [item(statusLine(snapshot, formatTime)), separator];
  for (const profile of snapshot.profiles) {
    menu.push(item(profileLabel(profile)));
    for (const channel of profile.channels) {
      menu.push(
        item(`    ${channelLabel(channel)}`, {
          type: 'open-channel',
          profileId: profile.profileId,
          requestId: channel.requestId,
        }),
      );
      // Under its channel, so the merchant sees which webhook is about to be blocked.
      if (channel.health === 'failing' && channel.predictedBlockAt !== null) {
        menu.push(
          item(`        ${describeForecast(channel.predictedBlockAt, Date.parse(snapshot.takenAt))}`),
        );
      }
    }
  }
  if (snapshot.profiles.length > 0) {
    menu.push(separator, item('Check now', { type: 'check-now' }));
    const paused = snapshot.pausedUntil !== null || snapshot.worst === 'paused';
    if (paused) {
      menu.push(item('Resume monitoring', { type: 'resume' }));
    } else {
      menu.push({
        label: 'Pause monitoring',
        kind: 'submenu',
        enabled: true,
        submenu: [
          item('For 15 minutes', { type: 'pause', minutes: 15 }),
          item('For 1 hour', { type: 'pause', minutes: 60 }),
          item('Until resumed', { type: 'pause', minutes: null }),
        ],
      });
    }
    menu.push({
      label: 'Regenerate webhook keys',
      kind: 'submenu',
      enabled: true,
      submenu: snapshot.profiles.map((p) =>
        item(`${p.profileName}…`, {
          type: 'regenerate-keys',
          profileId: p.profileId,
          profileName: p.profileName,
        }),
      ),
    });
  }
  menu.push(separator, item('Open Webhook Tray', { type: 'open' }), item('Quit', { type: 'quit' }));
  return menu;
}
