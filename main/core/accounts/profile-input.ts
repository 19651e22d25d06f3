import { z } from 'zod';
import { AppError } from '../../common/errors';
import { baseUrlProblem, isSendableHeaderValue } from '../api';
import type { NewProfileWithSecret, ProfileChanges } from './types';

const name = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, { error: 'name must not be empty' })
  .max(100, { error: 'name must be at most 100 characters' });

/** A base URL is stored without its trailing slashes, so paths join the same way for every profile. */
const baseUrl = z
  .string({ error: 'base URL is required' })
  .trim()
  .superRefine((value, ctx) => {
    const problem = baseUrlProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: `base URL ${problem}` });
  })
  // Stored as the URL parser writes it (scheme and host in lower case: the settings file's schema
  // expects "https://"), without trailing slashes.
  .transform((value) => {
    try {
      return new URL(value).href.replace(/\/+$/, '');
    } catch {
      return value; // refused above; the issue is reported
    }
  });

const account = z
  .string({ error: 'account is required' })
  .trim()
  .min(1, { error: 'account must not be empty' })
  .max(200, { error: 'account must be at most 200 characters' });

const apiKey = z
  .string({ error: 'API key is required' })
  .trim()
  .min(1, { error: 'API key must not be empty' })
  .max(500, { error: 'API key must be at most 500 characters' })
  .refine(isSendableHeaderValue, {
    error:
      'API key holds a character that cannot be sent (often an invisible one copied with it): copy it again from the Calypso dashboard',
  });

// Not trimmed: a secret is used byte for byte, and whitespace-only is refused as empty.
const apiSecret = z
  .string({ error: 'API secret is required' })
  .refine((value) => value.trim().length > 0, { error: 'API secret must not be empty' })
  .refine((value) => value.length <= 500, { error: 'API secret must be at most 500 characters' });

/** The rules of each profile field, for other inputs of the same fields (the exporter's accounts file). */
export const PROFILE_FIELDS = { name, baseUrl, account, apiKey, apiSecret } as const;

const newProfileSchema = z.object(PROFILE_FIELDS);

const profileChangesSchema = z.object({
  name: name.optional(),
  baseUrl: baseUrl.optional(),
  account: account.optional(),
  apiKey: apiKey.optional(),
  apiSecret: apiSecret.optional(),
});

function validationError(error: z.ZodError): AppError {
  const details = error.issues.map((issue) => issue.message).join('; ');
  return new AppError('validation', `Invalid profile: ${details}.`);
}

/** Validates and normalizes a new profile (trimmed fields, base URL without trailing slash). */
export function parseNewProfile(input: unknown): NewProfileWithSecret {
  const result = newProfileSchema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** Validates a partial edit; absent fields stay as they are. */
export function parseProfileChanges(input: unknown): ProfileChanges {
  const result = profileChangesSchema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return Object.fromEntries(
    Object.entries(result.data).filter(([, value]) => value !== undefined),
  ) as ProfileChanges;
}
