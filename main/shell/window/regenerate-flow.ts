import type { ErrorInfo } from '../../common/errors';
import { REGENERATE_RISK, REGENERATE_SCOPE } from '../../common/regenerate-keys';
import type { Handlers } from '../../ipc/dispatch';

export interface RegenerateFlowPorts {
  /** A native confirmation dialog; resolves true when the merchant confirms. */
  confirm(dialog: { title: string; message: string; detail: string }): Promise<boolean>;
  handlers: Pick<Handlers, 'regenerateKeys' | 'copySecret'>;
  /** A desktop notification with the outcome. */
  notify(title: string, body: string): void;
}

export type RegenerateOutcome =
  | { status: 'cancelled' }
  | { status: 'done'; requestId: string; clearsAt: string }
  | { status: 'failed'; error: ErrorInfo };

/**
 * Regenerate keys from the tray: confirm, call the API, copy the new secret to the clipboard
 * (cleared after 30 s) and say what happened. The same handlers as the window's, so the tray
 * gets the same validation, snapshot refresh and secret handling.
 */
export async function regenerateKeysFromTray(
  target: { profileId: string; profileName: string },
  ports: RegenerateFlowPorts,
): Promise<RegenerateOutcome> {
  const confirmed = await ports.confirm({
    title: 'Regenerate webhook keys',
    message: `Regenerate the webhook signing keys of "${target.profileName}"?`,
    detail: `${REGENERATE_SCOPE} ${REGENERATE_RISK}`,
  });
  if (!confirmed) return { status: 'cancelled' };

  const regenerated = await ports.handlers.regenerateKeys({ profileId: target.profileId });
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
