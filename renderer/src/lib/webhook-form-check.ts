import { checkWebhookUrl } from './webhook-url';

export type WebhookFormCheck =
  { ok: true; url: string } | { ok: false; field: 'url' | 'events'; message: string };

/**
 * What the create and edit forms check before sending: a URL the core accepts and at least one
 * event or group. The message says nothing was sent, since the form stops here.
 */
export function checkWebhookForm(url: string, events: string[], services: string[]): WebhookFormCheck {
  const check = checkWebhookUrl(url);
  if (!check.ok) return { ok: false, field: 'url', message: `${check.message} Nothing was sent.` };
  if (events.length + services.length === 0) {
    return {
      ok: false,
      field: 'events',
      message: 'Choose at least one event or group. Nothing was sent.',
    };
  }
  return check;
}
