import { KNOWN_EVENT_TYPES, KNOWN_SERVICE_TYPES } from '../../../main/common/event-types';

type KnownGroup = (typeof KNOWN_SERVICE_TYPES)[number];

const KNOWN_EVENTS: ReadonlySet<string> = new Set(
  KNOWN_SERVICE_TYPES.flatMap((group) => KNOWN_EVENT_TYPES[group]),
);

/** Whether `value` (typed by the merchant or sent by Calypso) names a service group the app knows. */
export function isKnownGroup(value: string): value is KnownGroup {
  return Object.hasOwn(KNOWN_EVENT_TYPES, value);
}

/** Whether `type` is one of the event types the app knows; Calypso may send others. */
export function isKnownEventType(type: string): boolean {
  return KNOWN_EVENTS.has(type);
}

/** The known event types of `group`; none for a group the app does not know. */
export function eventsOfGroup(group: string): readonly string[] {
  return isKnownGroup(group) ? KNOWN_EVENT_TYPES[group] : [];
}

/** A readable label for an event type: the group prefix dropped, words spaced. */
export function eventLabel(type: string, group?: string): string {
  const rest = group && type.startsWith(`${group}_`) ? type.slice(group.length + 1) : type;
  const words = rest.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Names the merchant knows the known service groups by; a Record so the compiler flags a group added to main. */
const GROUP_LABELS: Readonly<Record<KnownGroup, string>> = {
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
  if (isKnownGroup(group)) return GROUP_LABELS[group];
  return group
    .toLowerCase()
    .split('_')
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** One subscribed event type or whole group as the merchant reads it; the raw constant goes in a tooltip. */
export function subscriptionLabel(type: string, wholeGroup: boolean): string {
  // A whole group reads by the name the create form gives it: "Payouts: all events".
  return wholeGroup ? `${groupLabel(type)}: all events` : eventLabel(type);
}
