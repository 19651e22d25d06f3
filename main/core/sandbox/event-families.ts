import { currentEventsOf, EVENT_FAMILIES, familyOfEvent } from '../../common/event-types';

/**
 * The sandbox's only reader of the shared event list (main/common/event-types.ts), so a change to
 * that list's shape touches this file alone.
 */

/** The current (not legacy) known event types of a subscription group; empty when the group lists none. */
export function eventTypesOfGroup(group: string): readonly string[] {
  return currentEventsOf(group);
}

/** The `service` a delivery of this event type carries: its known family's, else the longest matching prefix. */
export function serviceOf(eventType: string): string {
  const listed = familyOfEvent(eventType);
  if (listed !== undefined) return listed.service;
  const prefixed = EVENT_FAMILIES.map((family): string => family.service)
    .filter((service) => eventType.startsWith(`${service}_`))
    .sort((a, b) => b.length - a.length)[0];
  return prefixed ?? eventType.split('_')[0] ?? eventType;
}
