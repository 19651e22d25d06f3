import { randomUUID } from 'node:crypto';
import { currentEventsOf, EVENT_FAMILIES, familyOfEvent } from '../../common/event-types';

/** A delivery body in Calypso's webhook payload shape. */
export interface WebhookEvent {
  requestId: string;
  id: string;
  createdDate: string;
  level: 'SUCCESS' | 'INFO' | 'WARNING';
  service: string;
  eventType: string;
  data: Record<string, unknown>;
}

/** The service an event type's deliveries carry: its known family's, else the longest matching prefix. */
function serviceOf(eventType: string): string {
  const listed = familyOfEvent(eventType);
  if (listed !== undefined) return listed.service;
  const prefixed = EVENT_FAMILIES.map((family): string => family.service)
    .filter((group) => eventType.startsWith(`${group}_`))
    .sort((a, b) => b.length - a.length)[0];
  return prefixed ?? eventType.split('_')[0] ?? eventType;
}

function levelOf(eventType: string): WebhookEvent['level'] {
  if (/ERROR|DECLINED|EXPIRED|INTERVENTION|COMPLIANCE/.test(eventType)) return 'WARNING';
  if (/PAID|CONFIRMED|COMPLETED|RECEIVED/.test(eventType)) return 'SUCCESS';
  return 'INFO';
}

/**
 * Event types a subscription can receive: its own event types, else every current known type of its
 * service groups (legacy ones are not sent). A group without documented types (RECURRENT) gets `<GROUP>_UPDATE`,
 * a sandbox-only placeholder, so service-only subscriptions still receive something.
 */
export function eventTypesFor(subscription: {
  notificationEventTypes: readonly string[];
  notificationServiceTypes: readonly string[];
}): string[] {
  if (subscription.notificationEventTypes.length > 0) return [...subscription.notificationEventTypes];
  return subscription.notificationServiceTypes.flatMap((service) => {
    const known = currentEventsOf(service);
    return known.length > 0 ? known : [`${service}_UPDATE`];
  });
}

function dataFor(service: string, eventType: string, sequence: number): Record<string, unknown> {
  const amount = (((sequence * 37) % 900) + 100).toFixed(2);
  if (service === 'INVOICE') {
    return {
      invoiceId: randomUUID(),
      externalId: `order-${10_000 + sequence}`,
      amount,
      currency: 'USDT',
      blockchain: 'TRON',
      status: eventType.replace(/^INVOICE_/, ''),
    };
  }
  if (service === 'PAYOUT') {
    return {
      payoutId: randomUUID(),
      amount,
      currency: 'USDC',
      blockchain: 'ETHEREUM',
      status: eventType.replace(/^PAYOUT_/, ''),
    };
  }
  return { referenceId: randomUUID(), amount, currency: 'USDT' };
}

/** Builds the `sequence`-th event for a subscription, rotating through its event types. */
export function buildWebhookEvent(
  subscription: {
    requestId: string;
    notificationEventTypes: readonly string[];
    notificationServiceTypes: readonly string[];
  },
  nowMs: number,
  sequence: number,
): WebhookEvent {
  const types = eventTypesFor(subscription);
  const eventType = types[sequence % Math.max(types.length, 1)] ?? 'INVOICE_CREATE_INVOICE';
  const service = serviceOf(eventType);
  return {
    requestId: subscription.requestId,
    id: randomUUID(),
    createdDate: new Date(nowMs).toISOString(),
    level: levelOf(eventType),
    service,
    eventType,
    data: dataFor(service, eventType, sequence),
  };
}
