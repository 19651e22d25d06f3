import { createHash } from 'node:crypto';
import type { CalypsoApi, ListUpdate } from '../../../main/core/api/calypso-api';
import type { Channel } from '../../../main/core/api/channel';
import { AppError } from '../../../main/common/errors';

/** A channel with healthy defaults; override what the test is about. */
export function channel(overrides: Partial<Channel> = {}): Channel {
  return {
    requestId: 'a1b2c3d4-0000-4000-8000-000000000001',
    url: 'https://shop.example/hooks',
    notificationEventTypes: ['INVOICE_PAID'],
    notificationServiceTypes: [],
    publicKey: 'pub-1',
    secretKey: 'secret-0001',
    createdDate: '2025-01-01T00:00:00.000Z',
    enabled: true,
    blockedByErrorCount: false,
    errorCount: 0,
    errorFirstDate: null,
    errorLastDate: null,
    ...overrides,
  };
}

export type ListAnswer = Channel[] | AppError;
type Responder = (call: number) => ListAnswer | Promise<ListAnswer>;

/**
 * A CalypsoApi whose list() answers from a script. Only the list calls are scripted: the monitor
 * calls nothing else. The unit tests are about scheduling; HTTP is covered end to end.
 */
export class ScriptedApi implements CalypsoApi {
  calls = 0;
  active = 0;
  maxActive = 0;
  readonly callTimes: number[] = [];
  /** The signal each call was given, and whether it was already aborted then. */
  readonly signals: { signal: AbortSignal | undefined; abortedAtCall: boolean }[] = [];

  constructor(
    private responder: Responder,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Answers every call with the same value from now on. */
  static always(answer: ListAnswer, clock?: () => number): ScriptedApi {
    return new ScriptedApi(() => answer, clock);
  }

  /** Answers call n with answers[n - 1], repeating the last one. */
  static sequence(answers: ListAnswer[], clock?: () => number): ScriptedApi {
    return new ScriptedApi((call) => answers[Math.min(call, answers.length) - 1] ?? [], clock);
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  async list(options: { signal?: AbortSignal } = {}): Promise<Channel[]> {
    this.signals.push({ signal: options.signal, abortedAtCall: options.signal?.aborted === true });
    this.calls += 1;
    this.callTimes.push(this.clock());
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      const answer = await this.responder(this.calls);
      if (answer instanceof AppError) throw answer;
      return answer.map((c) => ({ ...c }));
    } finally {
      this.active -= 1;
    }
  }

  /** list(), with a token that is a digest of the answer, as the real client's. */
  async listIfChanged(since: string | null, options: { signal?: AbortSignal } = {}): Promise<ListUpdate> {
    const channels = await this.list(options);
    const token = createHash('sha256').update(JSON.stringify(channels)).digest('base64');
    return token === since ? { changed: false, token } : { changed: true, channels, token };
  }

  create(): Promise<Channel> {
    return Promise.reject(new AppError('internal', 'not scripted'));
  }
  change(): Promise<Channel> {
    return Promise.reject(new AppError('internal', 'not scripted'));
  }
  delete(): Promise<void> {
    return Promise.reject(new AppError('internal', 'not scripted'));
  }
  regenerateKeys(): Promise<Channel> {
    return Promise.reject(new AppError('internal', 'not scripted'));
  }
}
