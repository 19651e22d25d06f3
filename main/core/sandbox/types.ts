import type { Channel } from '../api/channel';

/** One merchant account of the sandbox and the API key pair that may act on it. */
export interface SandboxCredentials {
  apiKey: string;
  apiSecret: string;
  account: string;
}

export type SandboxSeed = 'demo' | 'empty';

export interface SandboxOptions {
  /** 0 (default) picks a free port. The sandbox always binds 127.0.0.1. */
  port?: number;
  /** 'empty' (default) or 'demo': three subscriptions (healthy, failing, blocked) and fast thresholds. */
  seed?: SandboxSeed;
  /** The main account (default DEFAULT_SANDBOX_CREDENTIALS). */
  credentials?: SandboxCredentials;
  /** Further accounts, each with its own key pair. */
  extraAccounts?: SandboxCredentials[];
  /** A subscription is blocked after more than this many failures in the window (default 100; demo 20). */
  blockAfter?: number;
  /** The blocking window (default 10 minutes; demo 60 s). */
  blockWindowMs?: number;
  /** Emit one event to every deliverable subscription at this interval; null (default) disables it (demo 2 s). */
  deliveryIntervalMs?: number | null;
  /** How long a receiver may take to answer a delivery (default 10 s; demo 1.5 s). */
  deliveryTimeoutMs?: number;
  /** The sandbox's base clock (default Date.now); the clock skew control is added to it. */
  now?: () => number;
  /** Randomness of the /random receiver (default Math.random). */
  random?: () => number;
  /** Receives one line per API call and control action; lines never carry secrets. */
  log?: (line: string) => void;
}

/** A subscription as the sandbox stores it: the channel plus the account that owns it. */
export interface SandboxSubscription extends Channel {
  account: string;
}

/** What a receiver does with a delivery: answer 200, 500, either at random, never, or a given status. */
export type ReceiverBehaviour = 'ok' | 'fail' | 'random' | 'hang' | { status: number };

/** Response shapes an API fault can substitute for a successful answer. */
export type FaultBody = 'malformed' | 'wrong-types' | 'minimal-example';

/**
 * A fault injected into the next API requests. `status` answers with that status and a JSON
 * `message` without touching state; `body` lets the request run and replaces its 2xx answer.
 */
export interface ApiFault {
  status?: number;
  message?: string;
  /** Sent in the error body beside `message` (Calypso's `{traceId, errorCode, message}`); absent unless given. */
  errorCode?: string;
  traceId?: string;
  /** Sent as the Retry-After header (seconds or an HTTP date). */
  retryAfter?: string;
  /** Wait this long before handling the request. */
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
  body?: FaultBody;
  /** How many requests it applies to (default 1); 'always' until cleared. */
  count?: number | 'always';
  /** Only requests to this path (default: every /api/ path). */
  path?: string;
}

/** An API request as the sandbox received it: what tests assert envelopes against. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
}

/** One delivery the sandbox attempted. */
export interface DeliveryAttempt {
  requestId: string;
  url: string;
  eventId: string;
  eventType: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  attemptedAt: string;
  /** Whether this attempt got the subscription blocked. */
  blocked: boolean;
}

/** A delivery as one of the built-in receivers got it. */
export interface ReceivedDelivery {
  receiver: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
}

/** The fields of a `change` payload the sandbox can be told to ignore. */
export const CHANGE_FIELDS = [
  'url',
  'notificationEventTypes',
  'notificationServiceTypes',
  'enabled',
] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

/** Fields a test or demo may force on a subscription (everything but its id and owner). */
export type ForcedFields = Partial<Omit<Channel, 'requestId'>>;

/** A subscription added directly, bypassing the API (demo seeds, tests). */
export interface SeedSubscription extends ForcedFields {
  url: string;
  account?: string;
  requestId?: string;
}

/** Controls for tests and demos; the same actions are served over HTTP under /_sandbox/. */
export interface SandboxControl {
  injectFault(fault: ApiFault): void;
  clearFaults(): void;
  /** Skews the sandbox clock (Date headers, timestamp checks, delivery dates) by this many ms. */
  setClockOffset(offsetMs: number): void;
  clockOffsetMs(): number;
  /** The sandbox clock, skew included. */
  now(): number;
  subscriptions(account?: string): SandboxSubscription[];
  addSubscription(seed: SeedSubscription): SandboxSubscription;
  /** What the Calypso dashboard does: clears the block, the error count and the error dates. */
  unblock(requestId: string): SandboxSubscription;
  forceFields(requestId: string, fields: ForcedFields): SandboxSubscription;
  /**
   * From now on `change` answers 200 but leaves these fields as they were (an empty list restores the
   * normal behaviour), so a client's check of the answer against its request can be tested.
   */
  ignoreChangeFields(fields: readonly ChangeField[]): void;
  ignoredChangeFields(): ChangeField[];
  /** One round of deliveries to every enabled, unblocked subscription; resolves when all are settled. */
  deliverNow(): Promise<DeliveryAttempt[]>;
  deliveries(): DeliveryAttempt[];
  requests(): RecordedRequest[];
  clearRequests(): void;
  setReceiver(name: string, behaviour: ReceiverBehaviour): void;
  /** URL of a built-in receiver: 'ok', 'fail', 'random', 'hang'. */
  receiverUrl(kind: 'ok' | 'fail' | 'random' | 'hang'): string;
  /** URL of the switchable receiver with that name (its behaviour defaults to 'ok'). */
  switchUrl(name: string): string;
  received(): ReceivedDelivery[];
}

export interface RunningSandbox {
  url: string;
  port: number;
  credentials: SandboxCredentials;
  /** Every account, the main one first. */
  accounts: SandboxCredentials[];
  control: SandboxControl;
  /** Stops timers, aborts deliveries and closes every socket. */
  close(): Promise<void>;
}
