import type { z } from 'zod';
import { toAppError } from '../common/errors';
import type { ChannelKey, Contract, ResponseOf, Result } from './contract';
import { contract } from './contract';
import type { SenderInfo } from './sender-policy';

/** One plain async function per contract channel, receiving the already validated request. */
export type Handlers = {
  [K in ChannelKey]: (request: z.output<Contract[K]['request']>) => Promise<Result<ResponseOf<K>>>;
};

export type Dispatch = (channelKey: string, payload: unknown, sender: SenderInfo) => Promise<Result<unknown>>;

function issueMessage(issue: z.core.$ZodIssue): string {
  // zod names unknown keys, and a key is caller data: a secret pasted as one must not come back.
  // (Every other path segment is a field of the contract or an array index.)
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.length === 1 ? 'an unexpected field' : `${issue.keys.length} unexpected fields`;
  }
  return issue.message;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issueMessage(issue)}` : issueMessage(issue),
    )
    .join('; ');
}

/**
 * The whole IPC gate as a plain function: refuses foreign senders, validates the payload against
 * the contract and only then runs the handler. Whatever happens, the caller gets a Result.
 */
export function createDispatch(handlers: Handlers, isTrusted: (sender: SenderInfo) => boolean): Dispatch {
  return async (channelKey, payload, sender) => {
    if (!isTrusted(sender)) {
      return {
        ok: false,
        error: {
          kind: 'rejected',
          message: 'Refused: this request did not come from the Webhook Tray window.',
        },
      };
    }
    if (!Object.hasOwn(contract, channelKey)) {
      return { ok: false, error: { kind: 'validation', message: `Unknown request "${channelKey}".` } };
    }
    const key = channelKey as ChannelKey;
    const parsed = contract[key].request.safeParse(payload);
    if (!parsed.success) {
      return {
        ok: false,
        error: { kind: 'validation', message: `Invalid request: ${describeIssues(parsed.error)}.` },
      };
    }
    const handler = handlers[key] as (request: unknown) => Promise<Result<unknown>>;
    try {
      return await handler(parsed.data);
    } catch (error) {
      return { ok: false, error: toAppError(error).toInfo() };
    }
  };
}
