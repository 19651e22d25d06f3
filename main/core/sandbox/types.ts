import type { Channel } from '../api';

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
  /**
   * Emit one event to every deliverable subscription at this interval (divided by timeScale), and
   * retry failed ones when due; null (default) disables both: tests call deliverNow / retryDue.
   */
  deliveryIntervalMs?: number | null;
  /**
   * Divides the retry gaps and the delivery interval, not the blocking window (default 1; demo
   * DEMO_THRESHOLDS.timeScale). 30 makes the first retry come after 1 s instead of 30 s.
   */
  timeScale?: number;
  /** Count any 2xx answer as delivered; by default only 200 does, as at Calypso. */
  accept2xx?: boolean;
  /** How long a receiver may take to answer a delivery (default 10 s; demo 1.5 s). */
  deliveryTimeoutMs?: number;
  /** The sandbox's base clock (default Date.now); the clock skew control is added to it. */
  now?: () => number;
  /** Randomness of the /random receiver (default Math.random). */
  random?: () => number;
  /** Receives one line per API call and control action; lines never carry secrets. */
  log?: (line: string) => void;
  /**
   * Deliver webhook events to any host (default false: only 127.0.0.0/8, ::1 and `localhost`;
   * other URLs are refused before any lookup or connection and count as failed deliveries).
   */
  allowRemoteDelivery?: boolean;
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

/** A first delivery of an event, a retry on Calypso's schedule, or an unblock's resend. */
export type DeliveryKind = 'delivery' | 'retry' | 'resend';

/** One delivery the sandbox attempted. */
export interface DeliveryAttempt {
  requestId: string;
  url: string;
  /** The delivery's numeric `id`: the same on every retry and resend of one event. */
  eventId: number;
  eventType: string;
  kind: DeliveryKind;
  /** Which retry this is (1 to 19); 0 for a first delivery or a resend. */
  retry: number;
  /** Only a 200 counts (any 2xx with `accept2xx`). */
  ok: boolean;
  status: number | null;
  /** Why the attempt failed (e.g. a 204 is not 200), null when delivered. */
  error: string | null;
  attemptedAt: string;
  /** Whether this attempt got the subscription blocked. */
  blocked: boolean;
  /** When the next retry is due, null when delivered or dropped. */
  nextRetryAt: string | null;
  /** Whether this was the last retry of the schedule, so the event is dropped. */
  dropped: boolean;
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

/**
 * Controls for tests and demos; the same actions are served over HTTP under /_sandbox/, where each
 * needs the header `Authorization: Bearer <controlToken>`.
 */
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
  /**
   * What the Calypso dashboard does: clears the block, the error count and the error dates, then
   * resends, in order, every event that failed during the failing run (see settled()).
   */
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
  /** Runs the retries that are due by the sandbox clock; resolves with their attempts. */
  retryDue(): Promise<DeliveryAttempt[]>;
  /** Resolves when every queued delivery, retry and resend has settled. */
  settled(): Promise<void>;
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
  /**
   * The random token of this run that every HTTP control route needs (`Authorization: Bearer
   * <token>`); the built-in receivers and the Calypso API paths need none.
   */
  controlToken: string;
  /** Stops timers, aborts deliveries and closes every socket. */
  close(): Promise<void>;
}
