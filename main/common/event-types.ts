/**
 * The one list of Calypso's event families and event types, as its documentation pages give them;
 * client, CLI, sandbox and window all read it. The lists grow: an unknown type is never rejected outright.
 */
export interface KnownEvent {
  readonly type: string;
  /** Found only on older documentation pages: still accepted, no longer offered first. */
  readonly legacy?: true;
}

export interface EventFamily {
  /** The `service` value its deliveries carry. */
  readonly service: string;
  /** The name the merchant knows the family by. */
  readonly label: string;
  /** Whether it is a documented group for `notificationServiceTypes`; other families are offered event by event. */
  readonly group: boolean;
  readonly events: readonly KnownEvent[];
}

const events = (...types: string[]): KnownEvent[] => types.map((type) => ({ type }));

export const EVENT_FAMILIES = [
  {
    service: 'INVOICE',
    label: 'Invoices',
    group: true,
    events: events(
      'INVOICE_CREATE_INVOICE',
      'INVOICE_CREATE_UNLIMITED_INVOICE',
      'INVOICE_FUNDS_RECEIVED_FOR_INVOICE',
      'INVOICE_TRANSLATION_TO_ACCOUNT_COMPLETED',
      'INVOICE_PENDING_INTERVENTION',
      'INVOICE_EXPIRED',
      'INVOICE_PAID',
      'INVOICE_MEMPOOL_FOUND',
      'INVOICE_PENDING_COMPLIANCE',
      'INVOICE_COMPLIANCE_DECLINED',
    ),
  },
  {
    service: 'PAYOUT',
    label: 'Payouts',
    group: true,
    events: [
      ...events(
        'PAYOUT_CHANGE_STATUS',
        'PAYOUT_CONFIRMED',
        'PAYOUT_VALIDATION_ERROR',
        'PAYOUT_HASH_RECEIVED',
      ),
      { type: 'PAYOUT_SPEEDED_UP', legacy: true },
      { type: 'PAYOUT_WITHDRAWALS_CREATING_VALIDATION_ERROR', legacy: true },
    ],
  },
  // The group is documented; its event names are not on the pages read so far.
  { service: 'RECURRENT', label: 'Recurring payments', group: true, events: [] },
  {
    service: 'FIAT_DEPOSIT',
    label: 'Fiat deposits (onramp)',
    group: false,
    events: events(
      'FIAT_DEPOSIT_ORDER_CREATED',
      'FIAT_DEPOSIT_ORDER_CONFIRM',
      'FIAT_DEPOSIT_FIAT_FUNDS_RECEIVED',
      'FIAT_DEPOSIT_ORDER_EXPIRED',
      'FIAT_DEPOSIT_ORDER_FAILED',
    ),
  },
  {
    // INFERRED: the `service` value of top-up deliveries is not documented.
    service: 'ACCOUNT',
    label: 'Account top-ups',
    group: false,
    events: events(
      'TOP_UP_PENDING_COMPLIANCE',
      'TOP_UP_COMPLIANCE_DECLINED',
      'WALLET_FUNDS_DELIVERED_ACCOUNT',
    ),
  },
  {
    service: 'CUSTOMER_PURSE',
    label: 'Customer purses',
    group: false,
    events: events(
      'CUSTOMER_PURSE_EXPIRED',
      'CUSTOMER_PURSE_MEM_POOL_FOUND',
      'CUSTOMER_PURSE_PENDING_COMPLIANCE',
      'CUSTOMER_PURSE_COMPLIANCE_DECLINED',
      'CUSTOMER_PURSE_FUNDS_RECEIVED_FOR_PURSE',
      'CUSTOMER_PURSE_TRANSLATION_TO_ACCOUNT_COMPLETED',
    ),
  },
] as const satisfies readonly EventFamily[];

/** The documented groups for `notificationServiceTypes`. */
export const KNOWN_SERVICE_TYPES = ['INVOICE', 'PAYOUT', 'RECURRENT'] as const;
export type KnownServiceType = (typeof KNOWN_SERVICE_TYPES)[number];

/** Every known event type, legacy ones included (Calypso may still send them). */
export const KNOWN_EVENT_TYPES: readonly string[] = EVENT_FAMILIES.flatMap((family) =>
  family.events.map((event) => event.type),
);

/** The family that lists `eventType`, if any. */
export function familyOfEvent(eventType: string): EventFamily | undefined {
  return EVENT_FAMILIES.find((family) => family.events.some((event) => event.type === eventType));
}

/** The family with this `service` value, if any. */
export function familyOfService(service: string): EventFamily | undefined {
  return EVENT_FAMILIES.find((family) => family.service === service);
}

/** Whether `eventType` appears only on older documentation pages. */
export function isLegacyEvent(eventType: string): boolean {
  return familyOfEvent(eventType)?.events.some((event) => event.type === eventType && event.legacy) ?? false;
}

/** The current (non-legacy) event types of a family, by its service value; none for an unknown one. */
export function currentEventsOf(service: string): string[] {
  const family = familyOfService(service);
  return (family?.events ?? []).filter((event) => event.legacy !== true).map((event) => event.type);
}
