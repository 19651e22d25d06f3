/**
 * Figure 1, poll cost: one full poll cycle (the monitor's checkNow() over every profile) against
 * the sandbox on loopback, beside the floor: the same signed list requests over bare node:http,
 * with the same concurrency and no validation. The monitor has one update listener, as in the app.
 * Two more series split our overhead: our API client's list call alone in the same pool, as the
 * monitor makes it (listIfChanged with the previous answer's token; the monitor's share is ours
 * minus it), and the same signed request through the client's axios instance and transport alone
 * (the client's share above axios is client minus it). The sandbox runs in its
 * own process, so this process's CPU time is the poller's alone.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { createCalypsoClient } from '../../main/core/api';
import type { CalypsoClient, Credentials } from '../../main/core/api';
import { createMonitor } from '../../main/core/monitor/monitor';
import type { MonitorUpdate } from '../../main/core/monitor/types';
import { benchAccounts } from './support/bench-accounts';
import { createHttpInstance } from '../../main/core/api/http-instance';
import { axiosList, keepAliveAgent, rawList } from './support/raw-list-client';
import { printTable, saveResult } from './support/report';
import { startSandboxProcess, type SandboxProcess } from './support/sandbox-process';
import { fixed, measured, median } from './support/stats';
import { inPool } from './support/worker-pool';

const SIZES = [1, 100, 1000] as const;
const RUNS = 5;
/** The monitor's default limit of polls in flight; the other series use the same. */
const CONCURRENCY = 4;
const SUBSCRIPTIONS_PER_ACCOUNT = 3;
/**
 * Warm-up per series before measuring, so that every side is measured in its steady state, as a tray
 * app that polls all day runs: at least this many requests and this many cycles. With 1,000 requests
 * (10 cycles at 100 profiles) the monitor's code was still being optimized while measured: its five
 * cycles cost 25.5, 16.7, 16.1, 12.5 and 12.1 ms of CPU in turn.
 */
const WARM_UP_REQUESTS = 5000;
const WARM_UP_CYCLES = 20;
const TARGET_RATIO = 1.5;

type Series = 'ours' | 'client' | 'axios' | 'floor';
const SERIES: readonly Series[] = ['ours', 'client', 'axios', 'floor'];

let sandbox: SandboxProcess;

beforeAll(async () => {
  const accounts = benchAccounts(Math.max(...SIZES), 'poll');
  sandbox = await startSandboxProcess({ credentials: accounts[0]!, extraAccounts: accounts.slice(1) });
  for (const account of accounts) {
    for (let index = 0; index < SUBSCRIPTIONS_PER_ACCOUNT; index += 1) {
      await sandbox.addSubscription({
        account: account.account,
        url: `https://shop-${index}.example/webhooks/calypso`,
        notificationServiceTypes: ['INVOICE'],
        notificationEventTypes: ['INVOICE_PAID', 'INVOICE_EXPIRED'],
      });
    }
  }
});

afterAll(async () => {
  await sandbox?.close();
});

it('poll cost: monitor checkNow() vs bare node:http', async () => {
  const credentials: Credentials[] = sandbox.accounts.map((account) => ({
    baseUrl: sandbox.url,
    ...account,
  }));
  const rows: (string | number)[][] = [];
  const figures: Record<string, unknown> = {};
  for (const size of SIZES) {
    const accounts = credentials.slice(0, size);
    // Separate clients per series, as the app has one client per profile.
    const clientsFor = () => accounts.map((account) => createCalypsoClient(account));
    const monitor = createMonitor({
      concurrency: CONCURRENCY,
      targets: clientsFor().map((client, index) => ({
        profileId: `p${index}`,
        profileName: `Profile ${index}`,
        client,
      })),
    });
    // The app always listens: its notification policy and history read the profile each poll changed,
    // and its tray and window the whole snapshot at most every 250 ms (once per cycle here, below).
    let latest: MonitorUpdate | null = null;
    let profilesSeen = 0;
    monitor.subscribe((update) => {
      latest = update;
      if (update.profile !== null) profilesSeen += 1;
    });
    const bareClients: CalypsoClient[] = clientsFor();
    const tokens = new Map<CalypsoClient, string>();
    const axiosInstances = accounts.map((account) => [account, createHttpInstance(account.baseUrl)] as const);
    const agent = keepAliveAgent();
    const cycle: Record<Series, () => Promise<unknown>> = {
      ours: async () => {
        await monitor.checkNow();
        return latest?.snapshot;
      },
      // The monitor's list call: each client told the token of its previous answer.
      client: () =>
        inPool(bareClients, CONCURRENCY, async (client) => {
          tokens.set(client, (await client.listIfChanged(tokens.get(client) ?? null)).token);
        }),
      axios: () => inPool(axiosInstances, CONCURRENCY, ([account, http]) => axiosList(account, http)),
      floor: () => inPool(accounts, CONCURRENCY, (account) => rawList(account, agent)),
    };
    for (const series of SERIES) {
      const warmUpCycles = Math.max(WARM_UP_CYCLES, Math.ceil(WARM_UP_REQUESTS / size));
      for (let done = 0; done < warmUpCycles; done += 1) await cycle[series]();
    }
    const wall: Record<Series, number[]> = { ours: [], client: [], axios: [], floor: [] };
    const cpu: Record<Series, number[]> = { ours: [], client: [], axios: [], floor: [] };
    for (let run = 0; run < RUNS; run += 1) {
      // Rotate the order so drift in machine load does not favour one series.
      for (let offset = 0; offset < SERIES.length; offset += 1) {
        const series = SERIES[(run + offset) % SERIES.length]!;
        const { wallMs, cpuMs } = await measured(cycle[series]);
        wall[series].push(wallMs);
        cpu[series].push(cpuMs);
      }
    }
    const snapshot = (latest as MonitorUpdate | null)?.snapshot ?? null;
    if (profilesSeen < size) throw new Error(`poll cost: saw ${profilesSeen} polled profiles`);
    const channels = snapshot?.profiles.reduce((sum, p) => sum + p.channels.length, 0) ?? 0;
    if (channels !== size * SUBSCRIPTIONS_PER_ACCOUNT) throw new Error(`poll cost: saw ${channels} channels`);
    monitor.stop();
    agent.destroy();
    const ratio = median(wall.ours) / median(wall.floor);
    const cpuRatio = median(cpu.ours) / median(cpu.floor);
    rows.push([
      size,
      fixed(median(wall.ours), 2),
      fixed(median(wall.client), 2),
      fixed(median(wall.axios), 2),
      fixed(median(wall.floor), 2),
      fixed(ratio, 2),
      ratio <= TARGET_RATIO ? 'met' : 'MISSED',
      fixed(median(cpu.ours), 1),
      fixed(median(cpu.client), 1),
      fixed(median(cpu.axios), 1),
      fixed(median(cpu.floor), 1),
      fixed(cpuRatio, 2),
    ]);
    figures[String(size)] = { wallMs: wall, cpuMs: cpu, ratio, cpuRatio };
  }
  printTable(
    `Poll cost: one cycle, median of ${RUNS} (concurrency ${CONCURRENCY}, ${SUBSCRIPTIONS_PER_ACCOUNT} subscriptions per profile; target ours/floor <= ${TARGET_RATIO})`,
    [
      'profiles',
      'ours ms',
      'client only ms',
      'axios only ms',
      'floor ms',
      'ours/floor',
      'target',
      'ours CPU ms',
      'client CPU ms',
      'axios CPU ms',
      'floor CPU ms',
      'CPU ours/floor',
    ],
    rows,
  );
  saveResult('poll-cost', figures);
});
