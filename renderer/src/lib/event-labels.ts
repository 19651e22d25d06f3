import type { MonitorEventType, NotificationKind } from './derived-types';

/** Every monitor event type with its label; a Record so the compiler flags a type added to core. */
export const EVENT_LABELS: Record<MonitorEventType, string> = {
  added: 'Webhook added',
  removed: 'Webhook removed',
  failing: 'Started failing',
  blocked: 'Blocked',
  recovered: 'Recovered',
  disabled: 'Disabled',
  enabled: 'Enabled',
  'url-changed': 'URL changed',
  'keys-regenerated': 'Keys regenerated',
  'auth-failed': 'Sign-in rejected',
  unreachable: 'Calypso unreachable',
  reachable: 'Calypso reachable again',
  'block-risk': 'About to be blocked',
  'failing-long': 'Failing for over 24 hours',
  'cert-expiring': 'Certificate expiring',
};

export const NOTIFICATION_LABELS: Record<NotificationKind, { label: string; hint: string }> = {
  blocked: { label: 'Blocked webhooks', hint: 'Calypso stopped delivering to a webhook.' },
  failing: { label: 'Failing webhooks', hint: 'Deliveries to a webhook started failing.' },
  recovered: { label: 'Recoveries', hint: 'A webhook you were warned about works again.' },
  'auth-failed': { label: 'Rejected credentials', hint: 'Calypso rejected an account’s API key or secret.' },
  unreachable: { label: 'Calypso unreachable', hint: 'After 3 failed checks in a row.' },
  disabled: { label: 'Disabled webhooks', hint: 'A webhook was disabled.' },
  'block-risk': {
    label: 'Blocks ahead',
    hint: 'A failing webhook will be blocked by Calypso within 10 minutes at its current failure rate.',
  },
  'failing-long': {
    label: 'Long failures',
    hint: 'A webhook has failed for over 24 hours: Calypso will start dropping its events.',
  },
  'cert-expiring': {
    label: 'Expiring certificates',
    hint: 'The HTTPS certificate of a webhook’s receiver expires within 14 days, then within 3 days.',
  },
};
