import { randomUUID } from 'node:crypto';
import { KNOWN_EVENT_TYPES } from '../../common/event-types';

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

const GROUPS = Object.entries(KNOWN_EVENT_TYPES) as [string, readonly string[]][];

/** The service group an event type belongs to: the known group listing it, else the longest matching prefix. */
function serviceOf(eventType: string): string {
  const listed = GROUPS.find(([, types]) => types.includes(eventType));
  if (listed !== undefined) return listed[0];
  const prefixed = GROUPS.map(([group]) => group)
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
 * Event types a subscription can receive: its own event types, else every known type of its
 * service groups. A group without documented types (RECURRENT, FIAT_DEPOSIT) gets `<GROUP>_UPDATE`,
 * a sandbox-only placeholder, so service-only subscriptions still receive something.
 */
export function eventTypesFor(subscription: {
  notificationEventTypes: readonly string[];
  notificationServiceTypes: readonly string[];
}): string[] {
  if (subscription.notificationEventTypes.length > 0) return [...subscription.notificationEventTypes];
  return subscription.notificationServiceTypes.flatMap((service) => {
    const known = GROUPS.find(([group]) => group === service)?.[1] ?? [];
    return known.length > 0 ? [...known] : [`${service}_UPDATE`];
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
