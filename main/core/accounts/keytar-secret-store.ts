import { createRequire } from 'node:module';
import { AppError } from '../../common/errors';
import { KEYCHAIN_SERVICE } from './types';
import type { SecretStore } from './types';

/** The part of keytar we use; declared here so the build does not need keytar's types when it is absent. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarSecretStoreOptions {
  /** Keychain service name; `webhook-tray` unless a test isolates itself. */
  service?: string;
  /**
   * How long one keychain call may take. A locked keyring can wait forever for an unlock prompt that
   * nobody sees (no display); after this the call fails with a `keychain` error instead of hanging.
   */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
  /** The keytar module itself; loaded on first use unless given (tests give a stand-in). */
  keytar?: KeytarModule;
}

type Action = 'read' | 'save' | 'delete';

/** The keychain call under way for one account: what it does, and its result. */
interface InFlight {
  action: Action;
  result: Promise<unknown>;
  /** Settles when the keychain answers, whatever the answer; the next call starts then. */
  settled: Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/** What the merchant must install or unlock, per platform. */
function remedy(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return 'Webhook Tray keeps API secrets only in the macOS Keychain: unlock your login keychain (Keychain Access) and allow Webhook Tray to use it.';
    case 'win32':
      return 'Webhook Tray keeps API secrets only in Windows Credential Manager: make sure you are signed in to a normal user session and Credential Manager is available.';
    default:
      return (
        'Webhook Tray keeps API secrets only in the system keychain: install and start a Secret Service ' +
        'such as gnome-keyring or KWallet (e.g. `sudo apt install gnome-keyring`), make sure it is unlocked, ' +
        'and run Webhook Tray inside your desktop session (it needs the D-Bus session bus).'
      );
  }
}

function noop(): void {}

/** The first line of the underlying error (require errors append a multi-line require stack). */
function detailOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0]?.trim() ?? '';
}

/**
 * SecretStore backed by the OS keychain through keytar: service `webhook-tray`, account = profile id.
 * keytar is an optional native dependency loaded on first use, so the app starts (and shows this error)
 * even where it could not be built. Every failure is an AppError of kind `keychain`; there is no file
 * fallback, by design.
 */
export class KeytarSecretStore implements SecretStore {
  private readonly service: string;
  private readonly timeoutMs: number;
  private readonly platform: NodeJS.Platform;
  private keytar: Promise<KeytarModule> | null = null;
  private readonly inFlight = new Map<string, InFlight>();

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.platform = options.platform ?? process.platform;
    if (options.keytar !== undefined) this.keytar = Promise.resolve(options.keytar);
  }

  get(profileId: string): Promise<string | null> {
    return this.call(profileId, 'read', (keytar) => keytar.getPassword(this.service, profileId));
  }

  set(profileId: string, secret: string): Promise<void> {
    return this.call(profileId, 'save', (keytar) => keytar.setPassword(this.service, profileId, secret));
  }

  delete(profileId: string): Promise<boolean> {
    return this.call(profileId, 'delete', (keytar) => keytar.deletePassword(this.service, profileId));
  }

  private load(): Promise<KeytarModule> {
    // require, not import(): a native CommonJS module, resolved the way Electron's asar-unpacked
    // packaging and NODE_PATH expect; loaded here, on first use, so a missing build only fails this call.
    this.keytar ??= Promise.resolve()
      .then(() => createRequire(import.meta.url)('keytar') as KeytarModule)
      .catch((error: unknown) => {
        // Forget the failure so a later call retries (e.g. after the merchant installed libsecret).
        this.keytar = null;
        throw new AppError(
          'keychain',
          `The keychain module (keytar) could not be loaded: ${detailOf(error)}. ${remedy(this.platform)}` +
            (this.platform === 'linux' ? ' keytar also needs libsecret (package libsecret-1-0).' : ''),
          { cause: error },
        );
      });
    return this.keytar;
  }

  /**
   * One keychain call in flight per account: a read joins the read under way, anything else waits
   * for it to settle. A caller that gave up (timeout) does not free the account: its call is still
   * pending in the keychain (an unlock prompt...), and a retry would only stack another prompt.
   */
  private call<T>(
    profileId: string,
    action: Action,
    operation: (keytar: KeytarModule) => Promise<T>,
  ): Promise<T> {
    const pending = this.inFlight.get(profileId);
    if (pending?.action === 'read' && action === 'read')
      return this.bounded(action, pending.result as Promise<T>, null);
    const abandoned = { value: false };
    const result = (pending?.settled ?? Promise.resolve()).then(async () => {
      // A change whose caller already got a timeout error must not happen behind its back later.
      if (abandoned.value) throw new Error('abandoned after a timeout');
      return operation(await this.load());
    });
    const entry: InFlight = { action, result, settled: result.then(noop, noop) };
    this.inFlight.set(profileId, entry);
    void entry.settled.then(() => {
      if (this.inFlight.get(profileId) === entry) this.inFlight.delete(profileId);
    });
    return this.bounded(action, result, action === 'read' ? null : abandoned);
  }

  /** Waits for `result` at most `timeoutMs`; every failure becomes a `keychain` AppError. */
  private async bounded<T>(
    action: Action,
    result: Promise<T>,
    abandoned: { value: boolean } | null,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (abandoned !== null) abandoned.value = true;
        reject(
          new AppError(
            'keychain',
            `The keychain did not answer within ${Math.round(this.timeoutMs / 1000)} s (it may be locked and waiting for a password). ${remedy(this.platform)}`,
          ),
        );
      }, this.timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([result, timeout]);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(
        'keychain',
        `Could not ${action} the API secret in the keychain: ${detailOf(error)}. ${remedy(this.platform)}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
