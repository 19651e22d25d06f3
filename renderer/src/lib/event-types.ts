/**
 * The Calypso service groups and their known event types, as listed on the shared API page. The
 * renderer may not import values from main/, so this is a copy of KNOWN_EVENT_TYPES in
 * main/core/api/channel.ts; test/core/renderer-event-types.test.ts keeps the two equal.
 * The lists grow: the create form also takes free entries.
 */
export const KNOWN_EVENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  INVOICE: [
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
  ],
  PAYOUT: [
    'PAYOUT_CHANGE_STATUS',
    'PAYOUT_CONFIRMED',
    'PAYOUT_VALIDATION_ERROR',
    'PAYOUT_SPEEDED_UP',
    'PAYOUT_WITHDRAWALS_CREATING_VALIDATION_ERROR',
  ],
  RECURRENT: [],
  FIAT_DEPOSIT: [],
};

/** A readable label for an event type: the group prefix dropped, words spaced. */
export function eventLabel(type: string, group?: string): string {
  const rest = group && type.startsWith(`${group}_`) ? type.slice(group.length + 1) : type;
  const words = rest.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Names the merchant knows the known service groups by; the raw constants mean little to them. */
const GROUP_LABELS: Readonly<Record<string, string>> = {
  INVOICE: 'Invoices',
  PAYOUT: 'Payouts',
  RECURRENT: 'Recurring payments',
  FIAT_DEPOSIT: 'Fiat deposits',
};

/**
 * A readable name for a service group: "FIAT_DEPOSIT" → "Fiat deposits". A group Calypso adds
 * before this list knows it is title-cased: "CARD_REFUND" → "Card Refund".
 */
export function groupLabel(group: string): string {
  return (
    GROUP_LABELS[group] ??
    group
      .toLowerCase()
      .split('_')
      .filter((word) => word !== '')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(' ')
  );
}

/** One subscribed event type or whole group as the merchant reads it; the raw constant goes in a tooltip. */
export function subscriptionLabel(type: string, wholeGroup: boolean): string {
  // A whole group reads by the name the create form gives it: "Payouts: all events".
  return wholeGroup ? `${groupLabel(type)}: all events` : eventLabel(type);
}
