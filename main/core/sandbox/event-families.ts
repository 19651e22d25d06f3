import { KNOWN_EVENT_TYPES } from '../../common/event-types';

/**
 * The sandbox's only reader of the shared event list (main/common/event-types.ts), so a change to
 * that list's shape touches this file alone.
 */
const GROUPS = Object.entries(KNOWN_EVENT_TYPES) as [string, readonly string[]][];

/** The known event types of a subscription group; empty when the group lists none. */
export function eventTypesOfGroup(group: string): readonly string[] {
  return GROUPS.find(([name]) => name === group)?.[1] ?? [];
}

/**
 * Prefixes of each delivery `service`, longest first. INVOICE, PAYOUT and CUSTOMER_PURSE appear as
 * `service` in Calypso's examples; FIAT_DEPOSIT and ACCOUNT (top-ups) are INFERRED from the events' names.
 */
const SERVICE_PREFIXES: readonly [string, string][] = [
  ['CUSTOMER_PURSE_', 'CUSTOMER_PURSE'],
  ['FIAT_DEPOSIT_', 'FIAT_DEPOSIT'],
  ['RECURRENT_', 'RECURRENT'],
  ['INVOICE_', 'INVOICE'],
  ['PAYOUT_', 'PAYOUT'],
  ['TOP_UP_', 'ACCOUNT'],
  ['WALLET_FUNDS_DELIVERED_ACCOUNT', 'ACCOUNT'],
];

/** The `service` a delivery of this event type carries. */
export function serviceOf(eventType: string): string {
  const listed = GROUPS.find(([, types]) => types.includes(eventType));
  if (listed !== undefined) return listed[0];
  const prefixed = SERVICE_PREFIXES.find(([prefix]) => eventType.startsWith(prefix));
  return prefixed?.[1] ?? eventType.split('_')[0] ?? eventType;
}
