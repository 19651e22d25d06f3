import type { Credentials } from '../api';
import type { CalypsoClient, ClientOptions } from '../api';
import { createCalypsoClient } from '../api';

/** Reads a profile's credentials (the secret from the keychain); throws an AppError when it cannot. */
export type CredentialsSource = (profileId: string) => Promise<Credentials>;

/**
 * A client that reads its credentials on first use and keeps the real client afterwards, so the
 * server clock it learned survives between calls. A failed keychain read is not cached: the next
 * call tries again (the merchant may have unlocked the keyring meanwhile).
 */
function lazyClient(profileId: string, source: CredentialsSource, options: ClientOptions): CalypsoClient {
  let real: Promise<CalypsoClient> | null = null;
  let resolved: CalypsoClient | null = null;
  const get = (): Promise<CalypsoClient> => {
    real ??= source(profileId).then(
      (credentials) => (resolved = createCalypsoClient(credentials, options)),
      (error: unknown) => {
        real = null;
        throw error;
      },
    );
    return real;
  };
  return {
    list: async (listOptions) => (await get()).list(listOptions),
    listIfChanged: async (since, listOptions) => (await get()).listIfChanged(since, listOptions),
    create: async (input) => (await get()).create(input),
    change: async (requestId, edit) => (await get()).change(requestId, edit),
    delete: async (requestId) => (await get()).delete(requestId),
    regenerateKeys: async () => (await get()).regenerateKeys(),
    clockOffsetMs: () => resolved?.clockOffsetMs() ?? 0,
  };
}

/**
 * One API client per profile, shared by the monitor and the management handlers. `invalidate`
 * drops a profile's client after its credentials changed; the monitor sees a new client object
 * and treats it as new credentials.
 */
export class ProfileClients {
  private readonly clients = new Map<string, CalypsoClient>();

  constructor(
    private readonly source: CredentialsSource,
    private readonly options: ClientOptions = {},
  ) {}

  get(profileId: string): CalypsoClient {
    let client = this.clients.get(profileId);
    if (client === undefined) {
      client = lazyClient(profileId, this.source, this.options);
      this.clients.set(profileId, client);
    }
    return client;
  }

  /** Registers a client built elsewhere (the sandbox demo's, whose credentials are not in the keychain). */
  put(profileId: string, client: CalypsoClient): void {
    this.clients.set(profileId, client);
  }

  invalidate(profileId: string): void {
    this.clients.delete(profileId);
  }
}
