import {
  familyOfService,
  isLegacyEvent,
  KNOWN_EVENT_TYPES,
  KNOWN_SERVICE_TYPES,
  type KnownServiceType,
} from '../../../main/common/event-types';

const KNOWN_EVENTS: ReadonlySet<string> = new Set(KNOWN_EVENT_TYPES);
const KNOWN_GROUPS: ReadonlySet<string> = new Set(KNOWN_SERVICE_TYPES);

export { isLegacyEvent };

/** Whether `value` (typed by the merchant or sent by Calypso) names a documented service group. */
export function isKnownGroup(value: string): value is KnownServiceType {
  return KNOWN_GROUPS.has(value);
}

/** Whether `type` is one of the event types the app knows; Calypso may send others. */
export function isKnownEventType(type: string): boolean {
  return KNOWN_EVENTS.has(type);
}

/** The known event types of a family (by its service value); none for one the app does not know. */
export function eventsOfGroup(group: string): readonly string[] {
  return (familyOfService(group)?.events ?? []).map((event) => event.type);
}

/** A readable label for an event type: the group prefix dropped, words spaced. */
export function eventLabel(type: string, group?: string): string {
  const rest = group && type.startsWith(`${group}_`) ? type.slice(group.length + 1) : type;
  const words = rest.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A readable name for a service group or family: "PAYOUT" → "Payouts" (the one list's label). A group
 * Calypso adds before this list knows it is title-cased: "CARD_REFUND" → "Card Refund".
 */
export function groupLabel(group: string): string {
  const family = familyOfService(group);
  if (family !== undefined) return family.label;
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
