import type { AccountsEvent } from '../core/accounts';
import type { PushPayloads } from './contract';

/** The pushes that tell the window to read its account list or its settings again. */
export type AccountSignal = Extract<keyof PushPayloads, 'profilesChanged' | 'settingsChanged'>;

/**
 * What the window must read again after an accounts event. An external change (the CLI wrote
 * settings.json) may have touched profiles and settings alike, and the file does not say which.
 */
export function signalsFor(event: AccountsEvent): AccountSignal[] {
  switch (event.type) {
    case 'profile-added':
    case 'profile-updated':
    case 'profile-removed':
      return ['profilesChanged'];
    case 'app-settings-changed':
      return ['settingsChanged'];
    case 'external-change':
      return ['profilesChanged', 'settingsChanged'];
    case 'warning':
      return [];
  }
}

/**
 * Forwards the accounts events as signals to the window, so it never shows a list that a change
 * outside it (the CLI while the app runs) made stale. Changes the window made itself are
 * signalled too: the window cannot tell them apart from the tray's or the CLI's, and a second read
 * of the same list is cheap. Only the signal's name goes out; the window reads the data through
 * listProfiles and getSettings, which leave the secrets out. Returns the function that stops.
 */
export function forwardAccountSignals(
  accounts: { onEvent(listener: (event: AccountsEvent) => void): () => void },
  push: (signal: AccountSignal) => void,
): () => void {
  return accounts.onEvent((event) => {
    for (const signal of signalsFor(event)) push(signal);
  });
}
