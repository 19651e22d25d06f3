import { eventTypesOfGroup, serviceOf } from './event-families';
import { payloadFor } from './event-payloads';

/** A delivery body in Calypso's webhook payload shape ("Webhook payload"), fields in its order. */
export interface WebhookEvent {
  requestId: string;
  /** Numeric and increasing across the sandbox's deliveries, as in the documented example. */
  id: number;
  /** Zone-less, microseconds: `2022-03-15T12:13:05.909616`. */
  createdDate: string;
  level: 'SUCCESS' | 'INFO' | 'WARNING';
  service: string;
  eventType: string;
  data: Record<string, unknown>;
}

/**
 * Calypso's date-time form: UTC without a zone, six fraction digits. The clock has milliseconds
 * only, so the last three digits are derived from `salt` to look like a real microsecond reading.
 */
export function calypsoDate(ms: number, salt = 0): string {
  const micros = String(Math.abs(salt * 7919) % 1000).padStart(3, '0');
  return `${new Date(ms).toISOString().slice(0, 23)}${micros}`;
}

/** INFERRED: the docs list the three levels without saying which event has which. */
function levelOf(eventType: string): WebhookEvent['level'] {
  if (/ERROR|DECLINED|EXPIRED|INTERVENTION|FAILED/.test(eventType)) return 'WARNING';
  if (/PAID|CONFIRMED|COMPLETED|RECEIVED|DELIVERED/.test(eventType)) return 'SUCCESS';
  return 'INFO';
}

/**
 * Event types a subscription can receive: its own event types, else every known type of its
 * groups. A group without documented types (RECURRENT) gets `<GROUP>_UPDATE`, a sandbox-only
 * placeholder (INFERRED), so group-only subscriptions still receive something.
 */
export function eventTypesFor(subscription: {
  notificationEventTypes: readonly string[];
  notificationServiceTypes: readonly string[];
}): string[] {
  if (subscription.notificationEventTypes.length > 0) return [...subscription.notificationEventTypes];
  return subscription.notificationServiceTypes.flatMap((service) => {
    const known = eventTypesOfGroup(service);
    return known.length > 0 ? [...known] : [`${service}_UPDATE`];
  });
}

/** Builds delivery `id` for a subscription, rotating through its event types. */
export function buildWebhookEvent(
  subscription: {
    requestId: string;
    notificationEventTypes: readonly string[];
    notificationServiceTypes: readonly string[];
  },
  nowMs: number,
  id: number,
): WebhookEvent {
  const types = eventTypesFor(subscription);
  const eventType = types[id % Math.max(types.length, 1)] ?? 'INVOICE_CREATE_INVOICE';
  const service = serviceOf(eventType);
  const createdDate = calypsoDate(nowMs, id);
  return {
    requestId: subscription.requestId,
    id,
    createdDate,
    level: levelOf(eventType),
    service,
    eventType,
    data: payloadFor(service, { eventType, id, createdDate }),
  };
}
