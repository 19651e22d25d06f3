import type { Credentials } from '../api';
import { createCalypsoClient, type ClientOptions } from '../api';
import { AppError, toAppError } from '../../common/errors';
import { parseProfileChanges } from './profile-input';
import type { Profile, ProfileChanges } from './types';

/** The credential fields stored in settings.json (the secret lives in the keychain). */
const STORED_CREDENTIAL_FIELDS = ['baseUrl', 'account', 'apiKey'] as const;

/**
 * A stored credential field as the profile service would normalise it. Profiles it wrote already
 * are; this covers a settings.json edited by hand. A value the rules now refuse stays as it is, so
 * an edit that leaves it untouched still counts as a change and is tested.
 */
function normalisedStored(field: (typeof STORED_CREDENTIAL_FIELDS)[number], value: string): string {
  try {
    return parseProfileChanges({ [field]: value })[field] ?? value;
  } catch {
    return value;
  }
}

/**
 * Whether an edit changes what signs the API calls. The window's form sends every field on each
 * save, so a field counts only when it differs from the stored one: `changes` comes from
 * parseProfileChanges, normalised as the profile service stores it (trimmed, base URL without
 * trailing slashes). A secret counts whenever one is given: the form sends it only when typed.
 */
export function changesCredentials(current: Profile, changes: ProfileChanges): boolean {
  if (changes.apiSecret !== undefined) return true;
  return STORED_CREDENTIAL_FIELDS.some((field) => {
    const next = changes[field];
    return next !== undefined && next !== normalisedStored(field, current[field]);
  });
}

/** The fields that say where the stored secret signs: a new one is a host the merchant has not confirmed. */
const DESTINATION_FIELDS = ['baseUrl', 'account'] as const;

/**
 * Refuses an edit that moves a saved account to another base URL or account id without the API
 * secret: the stored secret must never sign a request for a host the merchant has not confirmed by
 * typing the secret again (whatever `verify` says). `changes` as parseProfileChanges returns them.
 */
export function assertSecretForNewDestination(current: Profile, changes: ProfileChanges): void {
  if (changes.apiSecret !== undefined) return;
  const moved = DESTINATION_FIELDS.filter((field) => {
    const next = changes[field];
    return next !== undefined && next !== normalisedStored(field, current[field]);
  });
  if (moved.length === 0) return;
  const what = moved.map((field) => (field === 'baseUrl' ? 'base URL' : 'account id')).join(' and ');
  throw new AppError(
    'validation',
    `Changing the ${what} needs the API secret: enter it in the API secret field and save again. ` +
      'The saved secret is never sent to a new address you have not confirmed with it. Nothing was saved.',
  );
}

/**
 * The credentials a profile would have after `changes`: the edited fields, the stored ones
 * elsewhere; the stored secret is read (from the keychain) only when the edit gives none.
 */
export async function credentialsAfter(
  current: Profile,
  changes: ProfileChanges,
  storedSecret: () => Promise<string>,
): Promise<Credentials> {
  return {
    baseUrl: changes.baseUrl ?? current.baseUrl,
    account: changes.account ?? current.account,
    apiKey: changes.apiKey ?? current.apiKey,
    apiSecret: changes.apiSecret ?? (await storedSecret()),
  };
}

/**
 * What a client built for the profile depends on. The secret lives in the keychain, out of sight:
 * createdAt and updatedAt change whenever it may have (a CLI remove + add, or an update), so a
 * client built on an old secret is not kept.
 */
export function credentialFingerprint(profile: Profile): string {
  return JSON.stringify([
    profile.baseUrl,
    profile.account,
    profile.apiKey,
    profile.createdAt,
    profile.updatedAt,
  ]);
}

/**
 * One signed list call with credentials that are not saved yet, so an account is stored only once
 * Calypso accepts it: a typo in the secret never leaves a broken account behind. Throws the call's
 * AppError, saying nothing was saved.
 */
export async function verifyCredentials(
  credentials: Credentials,
  clientOptions: ClientOptions = {},
): Promise<void> {
  try {
    await createCalypsoClient(credentials, { maxListRetries: 0, ...clientOptions }).list();
  } catch (error) {
    const appError = toAppError(error);
    throw new AppError(appError.kind, `${appError.message} Nothing was saved.`, {
      ...appError.toInfo(),
      cause: error,
    });
  }
}
