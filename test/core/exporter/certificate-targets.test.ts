import { describe, expect, it } from 'vitest';
import type { CertificateTarget } from '../../../main/core/certificates';
import { allowsPrivateChecks, followReceivers } from '../../../main/core/exporter/certificate-targets';
import { toChannelView, type MonitorSnapshot, type MonitorUpdate } from '../../../main/core/monitor';

const channel = (requestId: string, url: string) =>
  toChannelView({
    requestId,
    url,
    notificationEventTypes: [],
    notificationServiceTypes: [],
    publicKey: '',
    secretKey: '',
    createdDate: null,
    enabled: true,
    blockedByErrorCount: false,
    errorCount: 0,
    errorFirstDate: null,
    errorLastDate: null,
  });

function update(profiles: { id: string; urls: string[] }[]): MonitorUpdate {
  const snapshot: MonitorSnapshot = {
    takenAt: new Date().toISOString(),
    worst: 'ok',
    pausedUntil: null,
    profiles: profiles.map(({ id, urls }) => ({
      profileId: id,
      profileName: id,
      state: 'ok',
      lastPollAt: null,
      nextPollAt: null,
      lastError: null,
      consecutiveFailures: 0,
      channels: urls.map((url, i) => channel(`${id}-${i}`, url)),
    })),
  };
  return { profileId: null, events: [], profile: null, snapshot };
}

describe('certificate checks of the exporter', () => {
  it('allow private addresses only for an account whose API is on this machine', () => {
    expect(allowsPrivateChecks('http://127.0.0.1:8080')).toBe(true);
    expect(allowsPrivateChecks('http://[::1]:8080')).toBe(true);
    expect(allowsPrivateChecks('http://localhost:8080')).toBe(true);
    expect(allowsPrivateChecks('https://api.calypso.finance')).toBe(false);
    expect(allowsPrivateChecks('https://10.0.0.5')).toBe(false);
    expect(allowsPrivateChecks('not a url')).toBe(false);
  });

  it("hand the watch each account's https receivers with that account's address rule", () => {
    const handed: CertificateTarget[][] = [];
    const receivers = followReceivers(
      { setTargets: (targets) => handed.push([...targets]) },
      new Map([
        ['local', 'http://127.0.0.1:9000'],
        ['live', 'https://api.calypso.finance'],
      ]),
    );
    receivers.push(
      update([
        { id: 'local', urls: ['https://127.0.0.1:8443/a', 'http://127.0.0.1:9/b'] },
        { id: 'live', urls: ['https://10.0.0.5/hook'] },
      ]),
    );
    receivers.close();
    expect(handed).toEqual([
      [
        {
          profileId: 'local',
          requestId: 'local-0',
          url: 'https://127.0.0.1:8443/a',
          allowPrivateAddresses: true,
        },
        {
          profileId: 'live',
          requestId: 'live-0',
          url: 'https://10.0.0.5/hook',
          allowPrivateAddresses: false,
        },
      ],
    ]);
  });
});
