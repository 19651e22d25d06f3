import type {
  ChannelHealth,
  ChannelView,
  MonitorSnapshot,
  ProfileSnapshot,
  ProfileState,
} from '../../main/core/monitor/types';

export function channel(requestId: string, health: ChannelHealth, errorCount = 0): ChannelView {
  return {
    requestId,
    url: `https://shop.example/${requestId}`,
    notificationEventTypes: ['INVOICE_PAID'],
    notificationServiceTypes: [],
    publicKey: `pk-${requestId}`,
    createdDate: '2026-01-01T00:00:00.000Z',
    enabled: health !== 'disabled',
    blockedByErrorCount: health === 'blocked',
    errorCount,
    errorFirstDate: errorCount > 0 ? '2026-01-01T10:00:00.000Z' : null,
    errorLastDate: errorCount > 0 ? '2026-01-01T10:05:00.000Z' : null,
    health,
    secretKeyHint: 'abcd',
    predictedBlockAt: null,
    failuresPerMinute: null,
    certificateExpiresAt: null,
  };
}

export function profile(id: string, state: ProfileState, channels: ChannelView[]): ProfileSnapshot {
  return {
    profileId: id,
    profileName: id.toUpperCase(),
    state,
    lastPollAt: state === 'unknown' ? null : '2026-01-01T10:06:00.000Z',
    nextPollAt: '2026-01-01T10:07:00.000Z',
    lastError:
      state === 'auth-error'
        ? { kind: 'auth', message: 'The API key was refused.' }
        : state === 'unreachable'
          ? { kind: 'network', message: 'Cannot reach the API.' }
          : null,
    consecutiveFailures: state === 'unreachable' ? 3 : 0,
    channels,
  };
}

export function snapshot(
  worst: ProfileState,
  profiles: ProfileSnapshot[],
  pausedUntil: string | null = null,
): MonitorSnapshot {
  return { takenAt: '2026-01-01T10:06:00.000Z', worst, pausedUntil, profiles };
}

/** One snapshot per profile state, as the monitor would produce it. */
export const snapshotsByState: Record<ProfileState, MonitorSnapshot> = {
  ok: snapshot('ok', [profile('live', 'ok', [channel('a', 'healthy'), channel('b', 'healthy')])]),
  warning: snapshot('warning', [
    profile('live', 'warning', [channel('a', 'healthy'), channel('b', 'failing', 12)]),
  ]),
  critical: snapshot('critical', [
    profile('live', 'critical', [
      channel('a', 'blocked', 120),
      channel('b', 'failing', 3),
      channel('c', 'disabled'),
    ]),
  ]),
  'auth-error': snapshot('auth-error', [profile('live', 'auth-error', [])]),
  unreachable: snapshot('unreachable', [profile('live', 'unreachable', [channel('a', 'healthy')])]),
  unknown: snapshot('unknown', [profile('live', 'unknown', [])]),
  paused: snapshot(
    'paused',
    [profile('live', 'paused', [channel('a', 'healthy')])],
    '2026-01-01T11:00:00.000Z',
  ),
};
