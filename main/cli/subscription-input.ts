import { closest, distance } from 'fastest-levenshtein';
import { httpUrlProblem } from '../core/api';
import {
  currentEventsOf,
  familyOfService,
  isLegacyEvent,
  KNOWN_EVENT_TYPES,
  KNOWN_SERVICE_TYPES,
} from '../common/event-types';
import { AppError } from '../common/errors';
import type { Output } from './output';

const KNOWN_EVENTS: string[] = [...KNOWN_EVENT_TYPES];
const KNOWN_SERVICES: string[] = [...KNOWN_SERVICE_TYPES];

/** Checks a webhook URL given on the command line; plain http only for loopback unless allowed. */
export function checkWebhookUrl(url: string, allowInsecure: boolean): void {
  const problem = httpUrlProblem(url, { allowInsecure });
  if (problem === null) return;
  const hint = problem.includes('plain http') ? ' (or pass --allow-insecure-url if you must)' : '';
  throw new AppError('validation', `--url ${problem}${hint}.`);
}

/** The known value a typo most likely meant: a different case, or a few letters off. */
function closestKnown(value: string, known: string[]): string | null {
  const upper = value.trim().toUpperCase();
  if (known.includes(upper)) return upper;
  const best = closest(upper, known);
  return distance(upper, best) <= Math.max(2, Math.floor(upper.length / 3)) ? best : null;
}

interface TypeFlag {
  flag: '--event' | '--service';
  what: string;
  known: string[];
  /** The other flag, for a value given to the wrong one (`--event INVOICE`). */
  other: { flag: '--event' | '--service'; a: string; known: string[] };
}

const EVENT: TypeFlag = {
  flag: '--event',
  what: 'event type',
  known: KNOWN_EVENTS,
  other: { flag: '--service', a: 'a service group', known: KNOWN_SERVICES },
};

const SERVICE: TypeFlag = {
  flag: '--service',
  what: 'service group',
  known: KNOWN_SERVICES,
  other: { flag: '--event', a: 'an event type', known: KNOWN_EVENTS },
};

function unknownValue(value: string, type: TypeFlag): AppError {
  const upper = value.trim().toUpperCase();
  const suggested = closestKnown(value, type.known);
  const family = familyOfService(upper);
  // A family Calypso documents no group for (fiat deposits, top-ups, customer purses): its events one by one.
  const hint =
    type.flag === '--service' && family !== undefined && !family.group
      ? `Calypso documents no ${upper} group: subscribe to its events one by one with --event (${currentEventsOf(upper).join(', ')}).`
      : type.other.known.includes(upper)
        ? `${upper} is ${type.other.a}: use ${type.other.flag} ${upper}.`
        : suggested !== null
          ? `Did you mean ${type.flag} ${suggested}?`
          : `Known ${type.what}s: ${type.known.join(', ')}.`;
  return new AppError(
    'validation',
    `${type.flag} ${value} is not a known Calypso ${type.what}. ${hint} Calypso adds ${type.what}s over time: to send one this CLI does not know yet, pass --allow-unknown-event.`,
  );
}

function checkValues(output: Output, values: string[], type: TypeFlag, allowUnknown: boolean): void {
  for (const value of values) {
    if (value.trim() === '') throw new AppError('validation', `${type.flag} must not be empty.`);
    if (type.known.includes(value)) {
      if (type.flag === '--event' && isLegacyEvent(value)) {
        output.warn(
          `${value} is only on older Calypso documentation pages (legacy): Calypso may no longer send it.`,
        );
      }
      continue;
    }
    if (!allowUnknown) throw unknownValue(value, type);
    output.warn(`"${value}" is not a known Calypso ${type.what}; sending it anyway (--allow-unknown-event).`);
  }
}

/**
 * Checks the event types and service groups the person typed (never those `change` carries over
 * from the subscription): an unknown one is refused with a suggestion, unless --allow-unknown-event
 * says it is one Calypso added after this CLI's list was written.
 */
export function checkTypes(
  output: Output,
  events: string[],
  services: string[],
  allowUnknown: boolean,
): void {
  checkValues(output, events, EVENT, allowUnknown);
  checkValues(output, services, SERVICE, allowUnknown);
}

/** The flag of both create and change. */
export const ALLOW_UNKNOWN_EVENT_HELP =
  'send an --event or --service this CLI does not know (Calypso adds them over time)';
