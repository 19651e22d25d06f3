import type { ServerResponse } from 'node:http';
import type { ReceivedDelivery, ReceiverBehaviour } from './types';

const RECEIVED_LIMIT = 500;

/** The fixed receivers and what they do. */
const FIXED: Record<string, ReceiverBehaviour> = { ok: 'ok', fail: 'fail', random: 'random', hang: 'hang' };

/**
 * Webhook receivers served by the sandbox itself, so a demo or a test has endpoints that succeed,
 * fail, flip a coin or never answer, plus named switchable ones whose behaviour a control changes
 * (a receiver that starts failing and later recovers).
 */
export class BuiltInReceivers {
  readonly #switches = new Map<string, ReceiverBehaviour>();
  readonly #received: ReceivedDelivery[] = [];
  readonly #random: () => number;

  constructor(random: () => number) {
    this.#random = random;
  }

  setBehaviour(name: string, behaviour: ReceiverBehaviour): void {
    this.#switches.set(name, behaviour);
  }

  received(): ReceivedDelivery[] {
    return this.#received.map((entry) => ({ ...entry, headers: { ...entry.headers } }));
  }

  /** The behaviour behind a receiver path (after /_sandbox/receivers/), or undefined when there is none. */
  behaviourFor(subpath: string): ReceiverBehaviour | undefined {
    const fixed = FIXED[subpath];
    if (fixed !== undefined) return fixed;
    const match = /^switch\/([\w.-]+)$/.exec(subpath);
    if (match?.[1] === undefined) return undefined;
    return this.#switches.get(match[1]) ?? 'ok';
  }

  /** Records a delivery and answers it as the receiver's behaviour says; 'hang' leaves it open. */
  receive(
    subpath: string,
    behaviour: ReceiverBehaviour,
    delivery: Omit<ReceivedDelivery, 'receiver'>,
    response: ServerResponse,
  ): void {
    this.#received.push({ receiver: subpath, ...delivery });
    if (this.#received.length > RECEIVED_LIMIT) this.#received.shift();
    if (behaviour === 'hang') return;
    let status: number;
    if (typeof behaviour === 'object') status = behaviour.status;
    else if (behaviour === 'ok') status = 200;
    else if (behaviour === 'fail') status = 500;
    else status = this.#random() < 0.5 ? 200 : 500;
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ received: status >= 200 && status < 300 }));
  }
}
