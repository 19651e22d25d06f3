/** Every kind of desktop notification; each can be turned off in Settings, all are on by default. */
export const NOTIFICATION_KINDS = [
  'blocked',
  'failing',
  'recovered',
  'auth-failed',
  'unreachable',
  'disabled',
  'block-risk',
  'failing-long',
  'cert-expiring',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DEFAULT_NOTIFICATION_SETTINGS: Readonly<Record<NotificationKind, boolean>> = Object.fromEntries(
  NOTIFICATION_KINDS.map((kind) => [kind, true]),
) as Record<NotificationKind, boolean>;
