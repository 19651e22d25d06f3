/**
 * The monitor end to end: real HTTP against the built-in sandbox, real timers, short intervals.
 * Nothing is faked: deliveries really fail against the sandbox's switchable receiver, and the
 * sandbox's own blocking rule blocks the subscription.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CALYPSO_PATHS, createCalypsoClient } from '../../../main/core/api';
import type { CalypsoApi, CalypsoClient } from '../../../main/core/api';
import { createMonitor } from '../../../main/core/monitor/monitor';
import type { Monitor, MonitorTarget } from '../../../main/core/monitor/monitor';
import type {
  MonitorEvent,
  MonitorEventType,
  MonitorSnapshot,
  MonitorUpdate,
} from '../../../main/core/monitor/types';
import { startSandbox } from '../../../main/core/sandbox';
import type { RunningSandbox } from '../../../main/core/sandbox';
import { waitFor } from '../../support/wait-for';

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

/** What the test saw at the instant the sandbox blocked the subscription. */
interface BlockMoment {
  at: number;
  /** List requests the sandbox had received: each read the list before the block. */
  requests: number;
  /** Polls the monitor had applied. */
  applied: number;
  nextPollAt: string | null;
  /** When the poll in flight started, if one was. */
  pollStartedAt: number | null;
}

function listRequests(running: RunningSandbox) {
  return running.control.requests().filter((r) => r.path === CALYPSO_PATHS.list);
}

describe('monitor against the sandbox', () => {
  it('reports failing, then blocked from the poll due within one fast interval of the block, then recovered', async () => {
    // The sandbox logs the block synchronously, inside the delivery that causes it: the monitor's
    // state is read at that very instant. Deliveries are driven with deliverNow(), never by a timer.
    let onBlock: () => void = () => undefined;
    sandbox = await startSandbox({
      blockAfter: 3,
      blockWindowMs: 60_000,
      log: (line) => {
        if (line.includes('blocked after repeated failures')) onBlock();
      },
    });
    const running = sandbox;
    const client = clientFor(running);
    const created = await client.create({
      url: running.control.switchUrl('shop'),
      notificationServiceTypes: ['INVOICE'],
    });
    // Only the list calls are observed (the real client does the work): when the poll in flight started.
    let pollStartedAt: number | null = null;
    const observed: CalypsoApi = {
      list: (options) => {
        pollStartedAt = Date.now();
        return client.list(options);
      },
      listIfChanged: (since, options) => {
        pollStartedAt = Date.now();
        return client.listIfChanged(since, options);
      },
      create: (input) => client.create(input),
      change: (requestId, edit) => client.change(requestId, edit),
      delete: (requestId) => client.delete(requestId),
      regenerateKeys: () => client.regenerateKeys(),
    };
    const {
      monitor: m,
      events,
      find,
    } = watch({ profileId: 'sandbox', profileName: 'Sandbox', client: observed });
    // One update per applied poll, in order: polls of a profile never overlap.
    const polls: MonitorUpdate[] = [];
    m.subscribe((update) => {
      if (update.profileId !== 'sandbox') return;
      polls.push(update);
      pollStartedAt = null;
    });
    m.start();
    await waitFor('first poll', () => m.getSnapshot().profiles[0]?.state === 'ok');

    running.control.setReceiver('shop', 'fail');
    await running.control.deliverNow();
    const failing = await waitFor('failing', () => find('failing'));
    expect(failing).toMatchObject({ requestId: created.requestId, url: created.url, errorCount: 1 });

    // While failing, the profile is on the fast lane.
    expect(m.getSnapshot().profiles[0]?.state).toBe('warning');
    const [lastPollAt, nextPollAt] = await waitFor('a scheduled poll', () => {
      const profile = m.getSnapshot().profiles[0];
      if (profile?.nextPollAt == null || profile.lastPollAt === null) return null;
      return [Date.parse(profile.lastPollAt), Date.parse(profile.nextPollAt)] as const;
    });
    expect(nextPollAt - lastPollAt).toBeLessThanOrEqual(FAST_MS);

    let atBlock: BlockMoment | null = null;
    const observedBlock = (): BlockMoment | null => atBlock;
    onBlock = () => {
      atBlock = {
        at: Date.now(),
        requests: listRequests(running).length,
        applied: polls.length,
        nextPollAt: m.getSnapshot().profiles[0]?.nextPollAt ?? null,
        pollStartedAt,
      };
    };
    let blockedAt: number | null = null;
    for (let round = 0; round < 10 && blockedAt === null; round += 1) {
      const attempts = await running.control.deliverNow();
      const blocking = attempts.find((a) => a.blocked);
      if (blocking !== undefined) blockedAt = Date.parse(blocking.attemptedAt);
    }
    if (blockedAt === null) throw new Error('the sandbox never blocked the subscription');
    const blockTime = blockedAt;

    const blocked = await waitFor('blocked', () => find('blocked'));
    expect(blocked).toMatchObject({ requestId: created.requestId, errorCount: 4 });
    expect(Date.parse(blocked.at)).toBeGreaterThanOrEqual(blockTime);
    expect(m.getSnapshot().worst).toBe('critical');

    const block = observedBlock();
    if (block === null) throw new Error('the block was not observed');
    const inFlight = block.pollStartedAt !== null;
    // At the block, the next poll was at most one fast interval away: scheduled within it, or started.
    if (inFlight) {
      expect(block.pollStartedAt).toBeLessThanOrEqual(block.at);
    } else {
      if (block.nextPollAt === null) throw new Error('no poll scheduled at the block');
      expect(Date.parse(block.nextPollAt) - block.at).toBeLessThanOrEqual(FAST_MS);
    }
    // The sandbox answers a list request synchronously on arrival, so the k-th request it received
    // is the k-th poll applied. Only a poll in flight at the block may have reached it unapplied.
    expect(block.requests - block.applied).toBeGreaterThanOrEqual(0);
    expect(block.requests - block.applied).toBeLessThanOrEqual(inFlight ? 1 : 0);
    const blockedPoll = polls.findIndex((poll) => poll.events.some((e) => e.type === 'blocked')) + 1;
    // `blocked` comes from the first request the sandbox received after the block: the poll that was
    // due (or in flight) at the block, or, when the one in flight had already read the list, the next.
    expect(blockedPoll).toBe(block.requests + 1);
    if (blockedPoll === block.applied + 2) {
      // That next poll was scheduled by the one in flight: still within one fast interval of the block.
      const scheduledBy = polls[block.applied];
      const due = scheduledBy?.snapshot.profiles[0]?.nextPollAt;
      if (due == null) throw new Error('the poll in flight scheduled nothing');
      expect(Date.parse(due) - block.at).toBeLessThanOrEqual(FAST_MS);
    } else {
      expect(blockedPoll).toBe(block.applied + 1);
    }

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
