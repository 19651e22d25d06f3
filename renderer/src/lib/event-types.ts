import { KNOWN_EVENT_TYPES as KNOWN } from '../../../main/common/event-types';

/** The known groups and their events, typed for look-ups by any string the merchant typed or Calypso sent. */
export const KNOWN_EVENT_TYPES: Readonly<Record<string, readonly string[]>> = KNOWN;

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
