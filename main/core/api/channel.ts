import { z } from 'zod';
import { parseCalypsoDate } from '../../common/calypso-dates';

/** A webhook subscription after normalization: every documented field present, defaults applied. */
export interface Channel {
  requestId: string;
  url: string;
  notificationEventTypes: string[];
  notificationServiceTypes: string[];
  publicKey: string;
  secretKey: string;
  createdDate: string | null;
  enabled: boolean;
  blockedByErrorCount: boolean;
  errorCount: number;
  errorFirstDate: string | null;
  errorLastDate: string | null;
}

const optionalString = z.string().nullish();
const SAFE_COUNT_MESSAGE = `expected a whole number >=0 and <=${Number.MAX_SAFE_INTEGER}`;
const optionalStrings = z.array(z.string()).nullish();

/**
 * The wire shape of a channel. The docs mark every field required, yet their own list example
 * omits the health fields, so missing values read as the documented defaults. Unknown fields are
 * stripped. errorCount is an int64: accept a JSON number or a numeric string, up to the largest safe integer.
 * Fields are checked as they come (null or absent allowed); one transform applies the defaults.
 * Dates leave as ISO 8601 with `Z` (zone-less ones read as UTC); an unreadable date reads as null.
 */
export const channelWireSchema = z
  .object({
    requestId: z.string().min(1),
    url: z.string(),
    notificationEventTypes: optionalStrings,
    notificationServiceTypes: optionalStrings,
    publicKey: optionalString,
    secretKey: optionalString,
    createdDate: optionalString,
    enabled: z.boolean().nullish(),
    blockedByErrorCount: z.boolean().nullish(),
    errorCount: z
      .union([z.number(), z.string().regex(/^\d+$/, 'expected number')])
      .transform(Number)
      // Beyond 2^53 a count cannot be told from its neighbours, and a long digit string becomes Infinity.
      .refine((count) => Number.isSafeInteger(count) && count >= 0, SAFE_COUNT_MESSAGE)
      .nullish(),
    errorFirstDate: optionalString,
    errorLastDate: optionalString,
  })
  .transform((wire): Channel => ({
    requestId: wire.requestId,
    url: wire.url,
    notificationEventTypes: wire.notificationEventTypes ?? [],
    notificationServiceTypes: wire.notificationServiceTypes ?? [],
    publicKey: wire.publicKey ?? '',
    secretKey: wire.secretKey ?? '',
    createdDate: parseCalypsoDate(wire.createdDate),
    enabled: wire.enabled ?? true,
    blockedByErrorCount: wire.blockedByErrorCount ?? false,
    errorCount: wire.errorCount ?? 0,
    errorFirstDate: parseCalypsoDate(wire.errorFirstDate),
    errorLastDate: parseCalypsoDate(wire.errorLastDate),
  })) satisfies z.ZodType<Channel, unknown>;

export const listResponseSchema = z.object({ subscriptions: z.array(channelWireSchema) });

/** What a merchant asks for when creating a subscription. */
export interface CreateChannelInput {
  url: string;
  notificationEventTypes?: string[];
  notificationServiceTypes?: string[];
}

/** A partial edit; the client merges it into the current channel and sends the complete state. */
export interface ChannelEdit {
  url?: string;
  notificationEventTypes?: string[];
  notificationServiceTypes?: string[];
  enabled?: boolean;
}

/** The last characters of a secret, for display where the secret itself must not be shown. */
export function maskSecret(secret: string, visible = 4): string {
  if (secret.length === 0) return '';
  return `${'•'.repeat(8)}${secret.slice(-visible)}`;
}
