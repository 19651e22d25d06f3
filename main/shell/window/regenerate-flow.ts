import type { ErrorInfo } from '../../common/errors';
import type { Handlers } from '../../ipc/dispatch';

export interface RegenerateFlowPorts {
  /** The handlers ask main's native confirmation before regenerating. */
  handlers: Pick<Handlers, 'regenerateKeys' | 'copySecret'>;
  /** A desktop notification with the outcome. */
  notify(title: string, body: string): void;
}

export type RegenerateOutcome =
  | { status: 'cancelled' }
  | { status: 'done'; requestId: string; clearsAt: string }
  | { status: 'failed'; error: ErrorInfo };

/**
 * Regenerate keys from the tray: the handler confirms (main's dialog, as for the window), calls the API, copy the new secret to the clipboard
 * (cleared after 30 s) and say what happened. The same handlers as the window's, so the tray
 * gets the same validation, snapshot refresh and secret handling.
 */
export async function regenerateKeysFromTray(
  target: { profileId: string; profileName: string },
  ports: RegenerateFlowPorts,
): Promise<RegenerateOutcome> {
  const regenerated = await ports.handlers.regenerateKeys({ profileId: target.profileId });
  if (!regenerated.ok && regenerated.error.kind === 'cancelled') return { status: 'cancelled' };
  if (!regenerated.ok) {
    ports.notify('Keys were not regenerated', regenerated.error.message);
    return { status: 'failed', error: regenerated.error };
  }
  const { requestId, url } = regenerated.value;
  const copied = await ports.handlers.copySecret({ profileId: target.profileId, requestId });
  if (!copied.ok) {
    ports.notify(
      'Keys regenerated, secret not copied',
      `${copied.error.message} Open Webhook Tray to reveal the new secret.`,
    );
    return { status: 'failed', error: copied.error };
  }
  // Every subscription of the account got new keys; the tray can copy one secret, the window shows them all.
  ports.notify(
    'New webhook secret copied',
    `The keys of every webhook of "${target.profileName}" were regenerated. The secret of ${url} is copied: ` +
      'paste it into its receiver now, the clipboard is cleared in 30 seconds. Open Webhook Tray for the other webhooks.',
  );
  return { status: 'done', requestId, clearsAt: copied.value.clearsAt };
}
