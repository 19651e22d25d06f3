import type { Profile } from '../accounts';
import type { RunningSandbox, SandboxOptions } from './types';

/** The id of the demo profile. Profile ids are slugs of `[a-z0-9-]`, so the colon keeps it apart from all of them. */
export const SANDBOX_PROFILE_ID = 'sandbox:demo';

export interface SandboxDemoSession {
  profile: Profile;
  sandbox: RunningSandbox;
}

export interface SandboxDemoOptions {
  startSandbox: (options: SandboxOptions) => Promise<RunningSandbox>;
  /** Extra sandbox options (tests shorten thresholds); the seed is always `demo`, deliveries stay local. */
  sandboxOptions?: Omit<SandboxOptions, 'seed' | 'allowRemoteDelivery'>;
  /** Called after the demo started (to watch it) and after it stopped (to stop watching). */
  onStarted?: (session: SandboxDemoSession) => void;
  onStopped?: (profileId: string) => void;
  now?: () => Date;
}

/**
 * The "try it with the built-in sandbox" mode: a Calypso simulator on 127.0.0.1 with the demo
 * seed, and an in-memory profile pointing at it.
 *
 * Decision: the demo profile is never written to settings.json and its secret never goes to the
 * keychain. Its secret is the sandbox's public demo secret, worthless outside this process, and
 * keeping it in memory means the demo works on machines without a keyring (the first thing a new
 * merchant may try) and leaves nothing behind when the app quits.
 *
 * The sandbox's control token stays in this process (`session.sandbox.controlToken`): the app
 * drives the demo through `sandbox.control`, so no page and no other process can drive it over
 * HTTP. Its deliveries go to this machine only.
 */
export class SandboxDemo {
  private session: SandboxDemoSession | null = null;
  private starting: Promise<SandboxDemoSession> | null = null;

  constructor(private readonly options: SandboxDemoOptions) {}

  current(): SandboxDemoSession | null {
    return this.session;
  }

  /** Starts the sandbox and its profile; a second call returns the running session. */
  start(): Promise<SandboxDemoSession> {
    if (this.session !== null) return Promise.resolve(this.session);
    this.starting ??= this.launch().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Stops the sandbox; resolves false when none was running. */
  async stop(): Promise<boolean> {
    const session = this.session ?? (this.starting !== null ? await this.starting : null);
    if (session === null) return false;
    this.session = null;
    this.options.onStopped?.(session.profile.id);
    await session.sandbox.close();
    return true;
  }

  private async launch(): Promise<SandboxDemoSession> {
    const sandbox = await this.options.startSandbox({
      ...this.options.sandboxOptions,
      seed: 'demo',
      port: 0,
      allowRemoteDelivery: false,
    });
    // One round of deliveries up front, so the demo's failing channel shows as failing on the
    // first poll instead of looking healthy until the sandbox's own delivery timer fires.
    await sandbox.control.deliverNow();
    const at = (this.options.now?.() ?? new Date()).toISOString();
    const profile: Profile = {
      id: SANDBOX_PROFILE_ID,
      name: 'Sandbox demo',
      baseUrl: sandbox.url,
      account: sandbox.credentials.account,
      apiKey: sandbox.credentials.apiKey,
      createdAt: at,
      updatedAt: at,
    };
    this.session = { profile, sandbox };
    this.options.onStarted?.(this.session);
    return this.session;
  }
}
