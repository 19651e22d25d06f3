/** What the page asked the Notification API to show. */
export interface RecordedNotification {
  title: string;
  body: string;
  tag: string;
}

/**
 * An init script that wraps window.Notification: each notification the renderer creates is still
 * constructed for real, and also recorded, with the instance kept so a test can click it.
 */
export function notificationRecorderScript(): void {
  const Original = window.Notification;
  const recorded: { title: string; body: string; tag: string }[] = [];
  const instances: Notification[] = [];
  const w = window as unknown as {
    __wtNotifications: typeof recorded;
    __wtNotificationInstances: Notification[];
  };
  w.__wtNotifications = recorded;
  w.__wtNotificationInstances = instances;
  window.Notification = new Proxy(Original, {
    construct(target, args: [string, NotificationOptions?]) {
      const [title, options] = args;
      recorded.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
      const instance = Reflect.construct(target, args) as Notification;
      instances.push(instance);
      return instance;
    },
  });
}
