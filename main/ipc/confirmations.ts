import { AppError } from '../common/errors';
import { REGENERATE_RISK, REGENERATE_SCOPE } from '../common/regenerate-keys';

/** What a native confirmation dialog shows; the confirm button is `confirmLabel`, the other is Cancel. */
export interface ConfirmRequest {
  title: string;
  message: string;
  detail: string;
  confirmLabel: string;
}

/** A message dialog main shows with a secret in it (the renderer never receives the secret). */
export interface SecretDialogRequest {
  title: string;
  message: string;
  detail: string;
}

/**
 * Asks main's native dialog and throws `cancelled` (nothing changed, not a failure) unless the
 * merchant confirms: the window may ask for these actions, only this dialog lets them run.
 */
export async function confirmOrCancel(
  confirm: (request: ConfirmRequest) => Promise<boolean>,
  request: ConfirmRequest,
  cancelled: string,
): Promise<void> {
  if (!(await confirm(request))) throw new AppError('cancelled', cancelled);
}

export function deleteWebhookDialog(url: string): ConfirmRequest {
  return {
    title: 'Delete this webhook?',
    message: `Delete the webhook that sends events to ${url}?`,
    detail:
      'Calypso stops sending events to this URL. This cannot be undone; you can create a new webhook later.',
    confirmLabel: 'Delete webhook',
  };
}

export function regenerateKeysDialog(accountName: string): ConfirmRequest {
  return {
    title: 'Regenerate signing keys?',
    message: `Regenerate the webhook signing keys of "${accountName}"?`,
    detail: `${REGENERATE_SCOPE} ${REGENERATE_RISK} This cannot be undone.`,
    confirmLabel: 'Regenerate keys',
  };
}

export function changeWebhookUrlDialog(from: string, to: string): ConfirmRequest {
  return {
    title: 'Change the webhook URL?',
    message: `Send this webhook's events to ${to}?`,
    detail:
      `Calypso stops sending them to ${from} and delivers to the new URL from now on. ` +
      'This cannot be undone: to go back, change the URL again.',
    confirmLabel: 'Change URL',
  };
}

export function removeAccountDialog(accountName: string, isSandbox: boolean): ConfirmRequest {
  return isSandbox
    ? {
        title: 'Stop the sandbox?',
        message: 'Stop the sandbox demo?',
        detail:
          'The local Calypso simulator and its demo webhooks go away. You can start it again from the ' +
          'first-run screen.',
        confirmLabel: 'Stop sandbox',
      }
    : {
        title: `Remove ${accountName}?`,
        message: `Remove the account "${accountName}" from Webhook Tray?`,
        detail:
          'The app stops watching this account and deletes its API secret from your keychain. This cannot ' +
          'be undone. The webhooks stay on Calypso and keep working.',
        confirmLabel: 'Remove account',
      };
}

export function revealSecretDialog(url: string, secret: string): SecretDialogRequest {
  return {
    title: 'Webhook secret key',
    message: `Secret key of the webhook that sends events to ${url}`,
    detail: secret,
  };
}
