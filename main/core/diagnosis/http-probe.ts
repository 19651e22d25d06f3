import { request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { elapsedMs, untilAborted, type Deadline } from './deadline';
import type { StepOutcome } from './network-steps';
import { problem } from './problem-messages';
import type { Problem } from './types';

/** The probe's body: plainly not a Calypso event, so no receiver can mistake it for a payment. */
export const PROBE_BODY = '{"webhookTrayDiagnostic":true}';

/** The probe's `Key` and `Sign`: a signature that cannot verify, so a receiver that checks must refuse it. */
export const PROBE_HEADERS = { Key: 'webhook-tray-diagnostic', Sign: '0'.repeat(128) } as const;

export interface ProbeRoute {
  /** The connection to send on: to the receiver (TLS done when https), or to a plain-http proxy. */
  socket: Socket;
  /** Send the absolute URL to a proxy rather than the path to the receiver. */
  viaProxy?: { authorization?: string };
}

function send(url: URL, route: ProbeRoute): { answer: Promise<IncomingMessage>; abort: () => void } {
  const headers: Record<string, string> = {
    Host: url.host,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(PROBE_BODY)),
    'User-Agent': 'webhook-tray-diagnostic',
    Connection: 'close',
    ...PROBE_HEADERS,
  };
  if (route.viaProxy?.authorization !== undefined)
    headers['Proxy-Authorization'] = route.viaProxy.authorization;
  const outgoing = request({
    method: 'POST',
    path: route.viaProxy === undefined ? `${url.pathname}${url.search}` : url.href,
    headers,
    // The connection the earlier steps checked: no second lookup, no agent, no redirect followed.
    createConnection: () => route.socket,
  });
  const answer = new Promise<IncomingMessage>((resolve, reject) => {
    outgoing.once('response', resolve);
    outgoing.once('error', reject);
  });
  outgoing.end(PROBE_BODY);
  return { answer, abort: () => outgoing.destroy() };
}

/** The problem an answer reveals, or null for the healthy refusal of a bad signature. */
function answerProblem(url: URL, answer: IncomingMessage): Problem | null {
  const status = answer.statusCode ?? 0;
  if (status >= 200 && status < 300) {
    return problem('accepts-bad-signature', `${url.host} accepted a wrongly signed request (HTTP ${status})`);
  }
  if (status >= 300 && status < 400) {
    const location = answer.headers.location;
    const target = location === undefined ? '' : ` to ${location}`;
    return problem('redirect', `${url.host} redirects the webhook (HTTP ${status}${target})`);
  }
  if (status === 404 || status === 405 || status === 410) {
    return problem('http-not-found', `${url.host} answered HTTP ${status} to a POST on ${url.pathname}`);
  }
  if (status >= 500) return problem('http-5xx', `${url.host} answered HTTP ${status}`);
  return null;
}

function healthyDetail(status: number): string {
  if (status === 400 || status === 401 || status === 403) {
    return `HTTP ${status}: reachable and refusing a bad signature, as it should`;
  }
  return `HTTP ${status}: reachable, and it did not accept the wrongly signed request`;
}

/**
 * HTTP: one POST of the probe, never a redirect followed; the answer's status decides. Runs only
 * when the merchant asks for a diagnosis.
 */
export async function httpProbeStep(
  url: URL,
  route: ProbeRoute,
  deadline: Deadline,
  about: string,
): Promise<StepOutcome<number>> {
  const start = performance.now();
  const { answer, abort } = send(url, route);
  let response: IncomingMessage;
  try {
    response = await untilAborted(answer, deadline.signal, abort);
  } catch (error) {
    deadline.throwIfCancelled();
    const ms = elapsedMs(start);
    const found = deadline.expired()
      ? problem('http-timeout', `${url.host} did not answer within ${deadline.budgetMs / 1000} s`)
      : problem(
          'http-no-answer',
          `${url.host} closed the connection without an answer (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        );
    return { step: { step: 'http', ok: false, ms, detail: `${about}${found.summary}` }, problems: [found] };
  }
  // Only the status matters: the body is not read.
  response.destroy();
  const status = response.statusCode ?? 0;
  const found = answerProblem(url, response);
  const detail = `${about}${found === null ? healthyDetail(status) : found.summary}`;
  return {
    step: { step: 'http', ok: found === null, ms: elapsedMs(start), detail },
    problems: found === null ? [] : [found],
    value: status,
  };
}
