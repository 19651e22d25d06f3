/**
 * The certificate watch on a fake clock with a stand-in check: when it checks, what it remembers,
 * and which `cert-expiring` events it sends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCertificateWatch, type CertificateWatch } from '../../../main/core/certificates';
import type { CertificateCheck, CertificateTarget } from '../../../main/core/certificates';
import type { DiagnoseOptions } from '../../../main/core/diagnosis';
import type { MonitorEvent } from '../../../main/core/monitor';
import { FakeTime, settle } from '../monitor/fake-time';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

interface Call {
  url: string;
  options: DiagnoseOptions;
}

/** A check that answers with the expiry set per host, or an error, and records its calls. */
class StandInCheck {
  readonly calls: Call[] = [];
  readonly expiry = new Map<string, string | Error>();
  readonly check: CertificateCheck = (url, options) => {
    this.calls.push({ url, options });
    const found = this.expiry.get(new URL(url).host);
    if (found === undefined) return Promise.resolve({ verdict: 'Connection refused by the host' });
    if (found instanceof Error) return Promise.reject(found);
    return Promise.resolve({ verdict: 'ok', certificate: { validTo: found, daysLeft: 0 } });
  };
}

const target = (requestId: string, url: string, allowPrivateAddresses = false): CertificateTarget => ({
  profileId: 'p1',
  requestId,
  url,
  allowPrivateAddresses,
});

let watch: CertificateWatch | null = null;
afterEach(() => watch?.dispose());

function setUp(options: { concurrency?: number; check?: CertificateCheck; trust?: () => string[] } = {}) {
  const time = new FakeTime();
  const stand = new StandInCheck();
  const events: MonitorEvent[] = [];
  let changes = 0;
  const created = createCertificateWatch({
    timers: time,
    now: time.now,
    check: options.check ?? stand.check,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.trust === undefined ? {} : { trust: options.trust }),
  });
  watch = created;
  created.onEvent((event) => events.push(event));
  created.onChange(() => (changes += 1));
  const inDays = (days: number) => new Date(time.now() + days * DAY).toISOString();
  return { time, stand, events, watch: created, inDays, changes: () => changes };
}

describe('certificate watch: checks', () => {
  it('checks each new https receiver at once, one check per host and port, and never an http one', async () => {
    const { stand, watch, inDays } = setUp();
    stand.expiry.set('shop.example', inDays(40));
    watch.setTargets([
      target('a', 'https://shop.example/hook/a'),
      target('b', 'https://shop.example/hook/b'),
      target('c', 'http://plain.example/hook'),
    ]);
    expect(watch.get('p1', 'a')).toBeNull();
    await settle();
    expect(stand.calls.map((call) => call.url)).toEqual(['https://shop.example/hook/a']);
    expect(watch.get('p1', 'a')).toMatchObject({ expiresAt: inDays(40), daysLeft: 40, error: null });
    expect(watch.get('p1', 'b')).toMatchObject({ url: 'https://shop.example/hook/b', daysLeft: 40 });
    expect(watch.get('p1', 'c')).toBeNull();
    expect(watch.expiresAt('p1', 'b')).toBe(inDays(40));
    expect(watch.expiresAt('p1', 'c')).toBeNull();
  });

  it('passes the address rule and the trusted certificates to the check, with a time budget', async () => {
    const { stand, watch } = setUp({ trust: () => ['PEM'] });
    watch.setTargets([target('a', 'https://a.example/'), target('b', 'https://127.0.0.1:8443/', true)]);
    await settle();
    const options = new Map(stand.calls.map((call) => [call.url, call.options]));
    expect(options.get('https://a.example/')).toMatchObject({ allowPrivateAddresses: false, ca: ['PEM'] });
    expect(options.get('https://127.0.0.1:8443/')).toMatchObject({ allowPrivateAddresses: true });
    expect(options.get('https://a.example/')!.timeoutMs).toBeLessThanOrEqual(10_000);
  });

  it('re-checks every receiver daily, and forgets removed ones', async () => {
    const { time, stand, watch, inDays } = setUp();
    stand.expiry.set('a.example', inDays(60));
    stand.expiry.set('b.example', inDays(60));
    watch.setTargets([target('a', 'https://a.example/'), target('b', 'https://b.example/')]);
    await settle();
    expect(stand.calls).toHaveLength(2);
    await time.advance(DAY - 1);
    expect(stand.calls).toHaveLength(2);
    await time.advance(1);
    expect(stand.calls).toHaveLength(4);
    watch.setTargets([target('a', 'https://a.example/')]);
    expect(watch.get('p1', 'b')).toBeNull();
    await time.advance(DAY);
    expect(stand.calls.slice(4).map((call) => call.url)).toEqual(['https://a.example/']);
  });

  it('a failed check keeps the last good expiry, records why, and is retried within the hour', async () => {
    const { time, stand, watch, inDays, changes } = setUp();
    const expiresAt = inDays(60);
    stand.expiry.set('a.example', expiresAt);
    watch.setTargets([target('a', 'https://a.example/')]);
    await settle();
    expect(changes()).toBe(1);
    stand.expiry.set('a.example', new Error('getaddrinfo EAI_AGAIN a.example'));
    await time.advance(DAY);
    expect(watch.get('p1', 'a')).toMatchObject({ expiresAt, error: 'getaddrinfo EAI_AGAIN a.example' });
    expect(changes()).toBe(2);
    stand.expiry.delete('a.example');
    await time.advance(HOUR);
    expect(stand.calls).toHaveLength(3);
    expect(watch.get('p1', 'a')).toMatchObject({ expiresAt, error: 'Connection refused by the host' });
    stand.expiry.set('a.example', expiresAt);
    await time.advance(HOUR);
    expect(watch.get('p1', 'a')).toMatchObject({ expiresAt, error: null });
    // Unchanged by a later check that finds the same certificate.
    const before = changes();
    await time.advance(DAY);
    expect(stand.calls).toHaveLength(5);
    expect(changes()).toBe(before);
  });

  it('runs at most `concurrency` checks at once', async () => {
    let inFlight = 0;
    let most = 0;
    const pending: (() => void)[] = [];
    const check: CertificateCheck = () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      return new Promise((resolve) =>
        pending.push(() => {
          inFlight -= 1;
          resolve({ verdict: 'refused' });
        }),
      );
    };
    const { watch } = setUp({ concurrency: 2, check });
    watch.setTargets(['a', 'b', 'c', 'd', 'e'].map((id) => target(id, `https://${id}.example/`)));
    const done = watch.settled();
    let settledYet = false;
    void done.then(() => (settledYet = true));
    for (let round = 0; round < 3; round += 1) {
      await settle();
      expect(inFlight).toBeLessThanOrEqual(2);
      for (const release of pending.splice(0)) release();
    }
    await done;
    expect(settledYet).toBe(true);
    expect(most).toBe(2);
    expect(['a', 'b', 'c', 'd', 'e'].every((id) => watch.get('p1', id)?.error === 'refused')).toBe(true);
  });

  it('a check that never answers is given up after its budget, and frees its slot', async () => {
    let aborted = false;
    const check: CertificateCheck = (_url, options) =>
      new Promise((_resolve, reject) =>
        options.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        }),
      );
    const { time, watch } = setUp({ concurrency: 1, check });
    watch.setTargets([target('a', 'https://a.example/')]);
    await time.advance(10_000);
    expect(aborted).toBe(true);
    expect(watch.get('p1', 'a')).toMatchObject({ expiresAt: null, error: 'the check timed out' });
    await watch.settled();
  });
});

describe('certificate watch: cert-expiring events', () => {
  it('announces 14 days, then 3 days before expiry, once each, for every webhook of the receiver', async () => {
    const { time, stand, watch, events, inDays } = setUp();
    const expiresAt = inDays(20);
    stand.expiry.set('shop.example', expiresAt);
    watch.setTargets([target('a', 'https://shop.example/a'), target('b', 'https://shop.example/b')]);
    await time.advance(5 * DAY);
    expect(events).toEqual([]);
    await time.advance(DAY);
    expect(events.map((e) => [e.requestId, e.thresholdDays])).toEqual([
      ['a', 14],
      ['b', 14],
    ]);
    expect(events[0]).toMatchObject({
      type: 'cert-expiring',
      profileId: 'p1',
      url: 'https://shop.example/a',
      expiresAt,
      message: `https://shop.example/a: the certificate of shop.example expires in 14 days, on ${expiresAt.slice(0, 10)}`,
    });
    await time.advance(10 * DAY);
    expect(events).toHaveLength(2);
    await time.advance(DAY);
    expect(events.slice(2).map((e) => [e.requestId, e.thresholdDays])).toEqual([
      ['a', 3],
      ['b', 3],
    ]);
    await time.advance(10 * DAY);
    expect(events).toHaveLength(4);
  });

  it('a certificate first seen 2 days before expiry is announced once, at the nearest threshold', async () => {
    const { time, stand, watch, events, inDays } = setUp();
    stand.expiry.set('a.example', inDays(2));
    watch.setTargets([target('a', 'https://a.example/')]);
    await time.advance(5 * DAY);
    expect(events.map((e) => e.thresholdDays)).toEqual([3]);
    expect(events[0]!.message).toMatch(/expires in 2 days/);
  });

  it('a renewed certificate starts its thresholds again', async () => {
    const { time, stand, watch, events, inDays } = setUp();
    const first = inDays(10);
    stand.expiry.set('a.example', first);
    watch.setTargets([target('a', 'https://a.example/')]);
    await settle();
    expect(events.map((e) => e.thresholdDays)).toEqual([14]);
    const renewed = inDays(13);
    stand.expiry.set('a.example', renewed);
    await time.advance(DAY);
    expect(events.map((e) => [e.thresholdDays, e.expiresAt])).toEqual([
      [14, first],
      [14, renewed],
    ]);
  });

  it('a webhook added on a receiver already checked is announced at once, without a new check', async () => {
    const { stand, watch, events, inDays } = setUp();
    stand.expiry.set('a.example', inDays(5));
    watch.setTargets([target('a', 'https://a.example/one')]);
    await settle();
    watch.setTargets([target('a', 'https://a.example/one'), target('b', 'https://a.example/two')]);
    expect(events.map((e) => e.requestId)).toEqual(['a', 'b']);
    expect(stand.calls).toHaveLength(1);
  });

  it('an expired certificate is announced as expired', async () => {
    const { stand, watch, events, inDays } = setUp();
    stand.expiry.set('a.example', inDays(-1));
    watch.setTargets([target('a', 'https://a.example/')]);
    await settle();
    expect(events[0]!.message).toMatch(/the certificate of a\.example expired on /);
    expect(watch.get('p1', 'a')!.daysLeft).toBe(-1);
  });
});
