import { httpUrlProblem } from '../core/api/url-problems';
import { KNOWN_EVENT_TYPES, KNOWN_SERVICE_TYPES } from '../common/event-types';
import { AppError } from '../common/errors';
import type { Output } from './output';

const KNOWN_EVENTS = new Set<string>(Object.values(KNOWN_EVENT_TYPES).flat());
const KNOWN_SERVICES = new Set<string>(KNOWN_SERVICE_TYPES);

/** Checks a webhook URL given on the command line; plain http only for loopback unless allowed. */
export function checkWebhookUrl(url: string, allowInsecure: boolean): void {
  const problem = httpUrlProblem(url, { allowInsecure });
  if (problem === null) return;
  const hint = problem.includes('plain http') ? ' (or pass --allow-insecure-url if you must)' : '';
  throw new AppError('validation', `--url ${problem}${hint}.`);
}

/** Calypso adds types over time: unknown ones are sent as given, with a warning in case of a typo. */
export function warnUnknownTypes(output: Output, events: string[], services: string[]): void {
  for (const event of events) {
    if (event.trim() === '') throw new AppError('validation', '--event must not be empty.');
    if (!KNOWN_EVENTS.has(event))
      output.warn(`"${event}" is not a known Calypso event type; sending it anyway.`);
  }
  for (const service of services) {
    if (service.trim() === '') throw new AppError('validation', '--service must not be empty.');
    if (!KNOWN_SERVICES.has(service))
      output.warn(`"${service}" is not a known Calypso service group; sending it anyway.`);
  }
}
