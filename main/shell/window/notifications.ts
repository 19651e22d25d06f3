import type { Notification as ElectronNotification } from 'electron';
import type { AppNotification } from '../../core/monitor';
import type { WindowController } from './window-controller';

/**
 * Policy-selected notifications go to the renderer, which shows them with the web Notification
 * API (a tag per incident, a click opens the channel). Without a window, a hidden one is created
 * so the notification is not lost.
 */
export function forwardNotification(
  windows: Pick<WindowController, 'push'>,
  notification: AppNotification,
): void {
  windows.push('notification', notification, { create: true });
}

/**
 * A native notification for what the tray itself did (regenerate keys): it must show even when
 * the window is hidden and its page not yet loaded.
 */
export function showNativeNotification(
  Notification: typeof ElectronNotification,
  title: string,
  body: string,
): void {
  if (!Notification.isSupported()) {
    console.warn('notifications: desktop notifications are not supported here');
    return;
  }
  new Notification({ title, body }).show();
}
