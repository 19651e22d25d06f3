/**
 * The monitor end to end: real HTTP against the built-in sandbox, real timers, short intervals.
 * Nothing is faked: deliveries really fail against the sandbox's switchable receiver, and the
 * sandbox's own blocking rule blocks the subscription.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CALYPSO_PATHS, createCalypsoClient } from '../../../main/core/api';
import type { CalypsoClient } from '../../../main/core/api';
import { createMonitor } from '../../../main/core/health/monitor';
import type { Monitor, MonitorTarget } from '../../../main/core/health/monitor';
import type { MonitorEvent, MonitorEventType, MonitorSnapshot } from '../../../main/core/health/types';
import { startSandbox } from '../../../main/core/sandbox';
import type { RunningSandbox } from '../../../main/core/sandbox';

const FAST_MS = 1000;
const NORMAL_MS = 2000;

let sandbox: RunningSandbox | null = null;
let monitor: Monitor | null = null;

afterEach(async () => {
  monitor?.stop();
  monitor = null;
  await sandbox?.close();
  sandbox = null;
});

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function clientFor(running: RunningSandbox, secret = running.credentials.apiSecret): CalypsoClient {
  // No client-side retries: the monitor's own schedule is under test.
  return createCalypsoClient(
    {
      baseUrl: running.url,
      account: running.credentials.account,
      apiKey: running.credentials.apiKey,
      apiSecret: secret,
    },
    { maxListRetries: 0, timeoutMs: 5000 },
  );
}

function watch(target: MonitorTarget) {
  const events: MonitorEvent[] = [];
  let last: MonitorSnapshot | null = null;
  const created = createMonitor({ targets: [target], normalIntervalMs: NORMAL_MS, fastIntervalMs: FAST_MS });
  created.onEvent((event) => events.push(event));
  created.subscribe((update) => {
    last = update.snapshot;
  });
  monitor = created;
  return {
    monitor: created,
    events,
    latest: () => last,
    find: (type: MonitorEventType) => events.find((event) => event.type === type),
  };
}

function listRequests(running: RunningSandbox) {
  return running.control.requests().filter((r) => r.path === CALYPSO_PATHS.list);
}

describe('monitor against the sandbox', () => {
  it('reports failing, then blocked on the first poll after the block, then recovered', async () => {
    sandbox = await startSandbox({ blockAfter: 3, blockWindowMs: 60_000 });
    const running = sandbox;
    const client = clientFor(running);
    const created = await client.create({
      url: running.control.switchUrl('shop'),
      notificationServiceTypes: ['INVOICE'],
    });
    const { monitor: m, events, find } = watch({ profileId: 'sandbox', profileName: 'Sandbox', client });
    m.start();
    await waitFor('first poll', () => m.getSnapshot().profiles[0]?.state === 'ok');

    running.control.setReceiver('shop', 'fail');
    await running.control.deliverNow();
    const failing = await waitFor('failing', () => find('failing'));
    expect(failing).toMatchObject({ requestId: created.requestId, url: created.url, errorCount: 1 });

    // While failing, the profile is on the fast lane.
    const profile = m.getSnapshot().profiles[0];
    expect(profile?.state).toBe('warning');
    if (profile?.nextPollAt && profile.lastPollAt) {
      expect(Date.parse(profile.nextPollAt) - Date.parse(profile.lastPollAt)).toBeLessThanOrEqual(FAST_MS);
    }

    let blockedAt: number | null = null;
    for (let round = 0; round < 10 && blockedAt === null; round += 1) {
      const attempts = await running.control.deliverNow();
      const blocking = attempts.find((a) => a.blocked);
      if (blocking !== undefined) blockedAt = Date.parse(blocking.attemptedAt);
    }
    if (blockedAt === null) throw new Error('the sandbox never blocked the subscription');
    const blockTime = blockedAt;

    const blocked = await waitFor('blocked', () => find('blocked'));
    const blockedEventAt = Date.parse(blocked.at);
    expect(blocked).toMatchObject({ requestId: created.requestId, errorCount: 4 });
    expect(blockedEventAt).toBeGreaterThanOrEqual(blockTime);
    // The block is reported by the first poll that reached the sandbox after it (a poll racing the
    // block itself may be the second). That poll is due within one fast interval; the bounds leave
    // an interval of slack for a loaded machine.
    const pollsAfterBlock = listRequests(running).filter((r) => Date.parse(r.receivedAt) >= blockTime);
    const pollsUntilEvent = pollsAfterBlock.filter((r) => Date.parse(r.receivedAt) <= blockedEventAt);
    expect(pollsUntilEvent.length).toBeGreaterThanOrEqual(1);
    expect(pollsUntilEvent.length).toBeLessThanOrEqual(2);
    const firstPoll = pollsAfterBlock[0];
    if (firstPoll === undefined) throw new Error('no poll after the block');
    expect(Date.parse(firstPoll.receivedAt) - blockTime).toBeLessThanOrEqual(2 * FAST_MS);
    expect(blockedEventAt - blockTime).toBeLessThanOrEqual(3 * FAST_MS);
    expect(m.getSnapshot().worst).toBe('critical');

    running.control.setReceiver('shop', 'ok');
    running.control.unblock(created.requestId);
    const recovered = await waitFor('recovered', () => find('recovered'));
    expect(recovered).toMatchObject({ requestId: created.requestId, errorCount: 0 });
    expect(events.map((e) => e.type)).toEqual(['failing', 'blocked', 'recovered']);
    expect(m.getSnapshot().worst).toBe('ok');
  });

  it('stops on refused credentials and resumes when they are fixed', async () => {
    sandbox = await startSandbox({ seed: 'demo', deliveryIntervalMs: null });
    const running = sandbox;
    const wrong = clientFor(running, 'not-the-secret');
    const target = { profileId: 'sandbox', profileName: 'Sandbox', client: wrong };
    const { monitor: m, events, find } = watch(target);
    m.start();
    const failed = await waitFor('auth-failed', () => find('auth-failed'));
    expect(failed.error?.kind).toBe('auth');
    const profile = m.getSnapshot().profiles[0];
    expect(profile?.state).toBe('auth-error');
    expect(profile?.nextPollAt).toBeNull();

    // checkNow tries again (and is refused again): exactly one more request.
    const before = listRequests(running).length;
    const again = await m.checkNow('sandbox');
    expect(listRequests(running).length).toBe(before + 1);
    expect(again.profiles[0]?.state).toBe('auth-error');

    m.upsertTarget({ ...target, client: clientFor(running) });
    await waitFor('reachable', () => find('reachable'));
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(['auth-failed', 'reachable']);
    expect(m.getSnapshot().profiles[0]?.channels.length).toBeGreaterThan(0);
  });

  it('waits for Retry-After on 429, then polls again', async () => {
    sandbox = await startSandbox();
    const running = sandbox;
    const { monitor: m } = watch({
      profileId: 'sandbox',
      profileName: 'Sandbox',
      client: clientFor(running),
    });
    await m.checkNow();
    running.control.injectFault({ status: 429, retryAfter: '2', path: CALYPSO_PATHS.list });
    m.start();
    const limited = await waitFor('rate limit', () => {
      const p = m.getSnapshot().profiles[0];
      return p?.lastError?.kind === 'rate-limit' ? p : null;
    });
    expect(limited.lastError?.retryAfterMs).toBe(2000);
    expect(limited.consecutiveFailures).toBe(0); // a 429 does not count toward unreachable
    expect(limited.state).toBe('critical'); // no subscription: the rate limit keeps the last known state
    if (limited.nextPollAt === null || limited.lastPollAt === null) throw new Error('no schedule');
    expect(Date.parse(limited.nextPollAt) - Date.parse(limited.lastPollAt)).toBeGreaterThanOrEqual(2000);

    await waitFor('poll after the wait', () => m.getSnapshot().profiles[0]?.lastError === null);
    const polls = listRequests(running);
    const limitedPoll = polls[polls.length - 2];
    const nextPoll = polls[polls.length - 1];
    if (limitedPoll === undefined || nextPoll === undefined) throw new Error('missing polls');
    expect(Date.parse(nextPoll.receivedAt) - Date.parse(limitedPoll.receivedAt)).toBeGreaterThanOrEqual(
      2000 - 50,
    );
    expect(m.getSnapshot().profiles[0]?.consecutiveFailures).toBe(0);
  });

  it('reports unreachable on server errors and reachable when they stop', async () => {
    sandbox = await startSandbox();
    const running = sandbox;
    const { monitor: m, find } = watch({
      profileId: 'sandbox',
      profileName: 'Sandbox',
      client: clientFor(running),
    });
    await m.checkNow();
    running.control.injectFault({ status: 503, count: 'always', path: CALYPSO_PATHS.list });
    m.start();
    const unreachable = await waitFor('unreachable', () => find('unreachable'));
    expect(unreachable.error?.kind).toBe('server');
    await waitFor('two failures', () => (m.getSnapshot().profiles[0]?.consecutiveFailures ?? 0) >= 2);
    expect(m.getSnapshot().profiles[0]?.state).toBe('unreachable');
    running.control.clearFaults();
    await waitFor('reachable', () => find('reachable'));
    expect(m.getSnapshot().profiles[0]?.consecutiveFailures).toBe(0);
  });
});
