import type { AppNotification } from '../../../main/ipc/contract';

/**
 * Shows one notification main's policy selected. The tag is per incident, so a repeat replaces the
 * earlier one instead of stacking; clicking brings the window forward on the channel.
 */
export async function showNotification(notification: AppNotification, onOpen: () => void): Promise<void> {
  if (!('Notification' in window)) return;
  if (Notification.permission === 'default') await Notification.requestPermission();
  if (Notification.permission !== 'granted') return;
  const shown = new Notification(notification.title, {
    body: notification.body,
    tag: notification.tag,
    requireInteraction: notification.urgency === 'critical',
  });
  shown.addEventListener('click', () => {
    window.focus();
    onOpen();
    shown.close();
  });
}
