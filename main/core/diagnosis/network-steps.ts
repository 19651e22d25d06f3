import { lookup } from 'node:dns/promises';
import { connect, isIP, type Socket } from 'node:net';
import { elapsedMs, untilAborted, type Deadline } from './deadline';
import { problem } from './problem-messages';
import type { Problem, Step } from './types';

export interface StepOutcome<T> {
  step: Step;
  problems: Problem[];
  /** What the next step needs; absent when this step failed. */
  value?: T;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

const DNS_REASONS: Record<string, string> = {
  ENOTFOUND: 'no such name',
  ENODATA: 'the name has no address',
  EAI_AGAIN: 'the DNS server did not answer',
  ESERVFAIL: 'the DNS server failed',
};

/** DNS: the addresses of `host` as this computer's resolver (hosts file included) gives them. */
export async function lookupStep(
  host: string,
  deadline: Deadline,
  about: string,
): Promise<StepOutcome<string[]>> {
  const start = performance.now();
  if (isIP(host) !== 0) {
    return {
      step: { step: 'dns', ok: true, ms: 0, detail: `${about}${host} is an IP address: nothing to look up` },
      problems: [],
      value: [host],
    };
  }
  try {
    const answers = await untilAborted(lookup(host, { all: true }), deadline.signal);
    const addresses = answers.map((answer) => answer.address);
    return {
      step: {
        step: 'dns',
        ok: true,
        ms: elapsedMs(start),
        detail: `${about}${host} resolves to ${addresses.join(', ')}`,
      },
      problems: [],
      value: addresses,
    };
  } catch (error) {
    deadline.throwIfCancelled();
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = deadline.expired()
      ? `no answer within ${seconds(deadline.budgetMs)}`
      : (DNS_REASONS[code] ?? (code || String(error)));
    const summary = `${host} does not resolve from this computer (${reason})`;
    return {
      step: { step: 'dns', ok: false, ms: elapsedMs(start), detail: summary },
      problems: [problem('dns-failed', summary)],
    };
  }
}

/** One TCP connection attempt; rejects with the socket's error. */
function connectOnce(address: string, port: number, deadline: Deadline): Promise<Socket> {
  const socket = connect({ host: address, port });
  const connected = new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('error', reject);
      // Later steps listen for their own errors; this keeps a late one from crashing the process.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
  return untilAborted(connected, deadline.signal, () => socket.destroy());
}

/** `[::1]:443` or `10.0.0.1:443`. */
export function endpointLabel(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * TCP: a connection to the first of `addresses` that accepts one, always by IP address, so the
 * address checked before cannot be swapped by a second lookup.
 */
export async function connectStep(
  addresses: string[],
  port: number,
  name: string,
  deadline: Deadline,
  about: string,
): Promise<StepOutcome<Socket>> {
  const start = performance.now();
  const failures: string[] = [];
  let refused = false;
  for (const address of addresses) {
    try {
      const socket = await connectOnce(address, port, deadline);
      const detail = `${about}connected to ${endpointLabel(address, port)}`;
      return { step: { step: 'tcp', ok: true, ms: elapsedMs(start), detail }, problems: [], value: socket };
    } catch (error) {
      deadline.throwIfCancelled();
      if (deadline.expired()) {
        failures.push(`${endpointLabel(address, port)}: no answer within ${seconds(deadline.budgetMs)}`);
        break;
      }
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      if (code === 'ECONNREFUSED') refused = true;
      failures.push(`${endpointLabel(address, port)}: ${code}`);
    }
  }
  const target = endpointLabel(name, port);
  const found = refused
    ? problem('connection-refused', `Connection refused by ${target}`)
    : problem('connect-timeout', `Could not connect to ${target} (${failures.join('; ')})`);
  return {
    step: { step: 'tcp', ok: false, ms: elapsedMs(start), detail: `${about}${failures.join('; ')}` },
    problems: [found],
  };
}
