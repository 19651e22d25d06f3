import { z } from 'zod';
import {
  CHANGE_FIELDS,
  type ApiFault,
  type ForcedFields,
  type ReceiverBehaviour,
  type SandboxControl,
  type SeedSubscription,
} from './types';

/** The prefix of every control and receiver path: outside /api/, so it never shadows Calypso's paths. */
export const CONTROL_PREFIX = '/_sandbox';

const faultSchema = z.object({
  status: z.number().int().min(100).max(599).optional(),
  message: z.string().optional(),
  errorCode: z.string().optional(),
  traceId: z.string().optional(),
  retryAfter: z.string().optional(),
  delayMs: z.number().int().nonnegative().optional(),
  hang: z.boolean().optional(),
  body: z.enum(['malformed', 'wrong-types', 'minimal-example']).optional(),
  count: z.union([z.number().int().positive(), z.literal('always')]).optional(),
  path: z.string().optional(),
}) satisfies z.ZodType<ApiFault>;

const channelFields = {
  url: z.string().optional(),
  notificationEventTypes: z.array(z.string()).optional(),
  notificationServiceTypes: z.array(z.string()).optional(),
  publicKey: z.string().optional(),
  secretKey: z.string().optional(),
  createdDate: z.string().nullable().optional(),
  enabled: z.boolean().optional(),
  blockedByErrorCount: z.boolean().optional(),
  errorCount: z.number().int().nonnegative().optional(),
  errorFirstDate: z.string().nullable().optional(),
  errorLastDate: z.string().nullable().optional(),
};

const forceSchema = z.object(channelFields).strict() satisfies z.ZodType<ForcedFields>;

const seedSchema = z.object({
  ...channelFields,
  url: z.string(),
  account: z.string().optional(),
  requestId: z.string().optional(),
}) satisfies z.ZodType<SeedSubscription>;

const behaviourSchema = z.object({
  behaviour: z.union([
    z.enum(['ok', 'fail', 'random', 'hang']),
    z.object({ status: z.number().int().min(100).max(599) }),
  ]),
}) satisfies z.ZodType<{ behaviour: ReceiverBehaviour }>;

const clockSchema = z.object({ offsetMs: z.number().finite() });

const changeIgnoresSchema = z.object({ fields: z.array(z.enum(CHANGE_FIELDS)) });

export interface ControlResponse {
  status: number;
  json: unknown;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T | ControlResponse {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  return { status: 400, json: { message: `Invalid control request: ${problems.join('; ')}` } };
}

function isControlResponse(value: unknown): value is ControlResponse {
  return value !== null && typeof value === 'object' && 'status' in value && 'json' in value;
}

function notFound(what: string): ControlResponse {
  return { status: 404, json: { message: `${what} not found` } };
}

/**
 * The HTTP face of the sandbox controls (`subpath` follows /_sandbox), so the CLI's sandbox, demos
 * and end-to-end tests in other processes can drive it. Every answer is JSON. The server lets a
 * request through only with the control token (see request-guard.ts).
 */
export async function handleControlRequest(
  control: SandboxControl,
  method: string,
  subpath: string,
  body: unknown,
): Promise<ControlResponse> {
  const route = `${method} ${subpath}`;
  if (route === 'GET /state') {
    return {
      status: 200,
      json: { clockOffsetMs: control.clockOffsetMs(), subscriptions: control.subscriptions() },
    };
  }
  if (route === 'POST /faults') {
    const fault = parse(faultSchema, body);
    if (isControlResponse(fault)) return fault;
    control.injectFault(fault);
    return { status: 200, json: { injected: fault } };
  }
  if (route === 'DELETE /faults') {
    control.clearFaults();
    return { status: 200, json: { cleared: true } };
  }
  if (route === 'PUT /clock') {
    const clock = parse(clockSchema, body);
    if (isControlResponse(clock)) return clock;
    control.setClockOffset(clock.offsetMs);
    return { status: 200, json: { clockOffsetMs: control.clockOffsetMs() } };
  }
  if (route === 'PUT /change-ignores') {
    const ignores = parse(changeIgnoresSchema, body);
    if (isControlResponse(ignores)) return ignores;
    control.ignoreChangeFields(ignores.fields);
    return { status: 200, json: { fields: control.ignoredChangeFields() } };
  }
  if (route === 'POST /subscriptions') {
    const seed = parse(seedSchema, body);
    if (isControlResponse(seed)) return seed;
    return { status: 200, json: control.addSubscription(seed) };
  }
  if (route === 'POST /deliver') return { status: 200, json: { attempts: await control.deliverNow() } };
  if (route === 'POST /retry') return { status: 200, json: { attempts: await control.retryDue() } };
  if (route === 'GET /deliveries') return { status: 200, json: { attempts: control.deliveries() } };
  if (route === 'GET /requests') return { status: 200, json: { requests: control.requests() } };
  if (route === 'DELETE /requests') {
    control.clearRequests();
    return { status: 200, json: { cleared: true } };
  }
  if (route === 'GET /received') return { status: 200, json: { received: control.received() } };

  const unblock = /^POST \/subscriptions\/([^/]+)\/unblock$/.exec(route);
  if (unblock?.[1] !== undefined) {
    const id = decodeURIComponent(unblock[1]);
    if (!control.subscriptions().some((s) => s.requestId === id)) return notFound(`Subscription ${id}`);
    return { status: 200, json: control.unblock(id) };
  }
  const force = /^PATCH \/subscriptions\/([^/]+)$/.exec(route);
  if (force?.[1] !== undefined) {
    const id = decodeURIComponent(force[1]);
    const fields = parse(forceSchema, body);
    if (isControlResponse(fields)) return fields;
    if (!control.subscriptions().some((s) => s.requestId === id)) return notFound(`Subscription ${id}`);
    return { status: 200, json: control.forceFields(id, fields) };
  }
  const receiver = /^PUT \/receivers\/switch\/([\w.-]+)$/.exec(route);
  if (receiver?.[1] !== undefined) {
    const parsed = parse(behaviourSchema, body);
    if (isControlResponse(parsed)) return parsed;
    control.setReceiver(receiver[1], parsed.behaviour);
    return { status: 200, json: { receiver: receiver[1], behaviour: parsed.behaviour } };
  }
  return notFound(`Control ${method} ${CONTROL_PREFIX}${subpath}`);
}
