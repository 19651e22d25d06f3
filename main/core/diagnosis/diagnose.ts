import { isIP, type Socket } from 'node:net';
import { AppError } from '../../common/errors';
import { isPublicAddress } from './address-rules';
import { elapsedMs, startDeadline, type Deadline } from './deadline';
import { httpProbeStep } from './http-probe';
import { connectStep, endpointLabel, lookupStep } from './network-steps';
import { problem, SEEN_FROM_CAVEAT } from './problem-messages';
import { openTunnel, proxyForTarget, proxyPort, secureToProxy, type Proxy } from './proxy-tunnel';
import { tlsStep } from './tls-step';
import { WARNING_CODES, type DiagnoseOptions, type Diagnosis, type Problem, type Step } from './types';

/** The whole diagnosis's budget when the caller gives none. */
export const DEFAULT_DIAGNOSIS_BUDGET_MS = 10_000;

interface Target {
  url: URL;
  /** The host name or IP address, without IPv6 brackets. */
  host: string;
  port: number;
  secure: boolean;
}

function parseTarget(raw: string): Target {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError(
      'validation',
      `"${raw}" is not a URL: give the webhook's full address, such as https://shop.example/webhooks/calypso.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError(
      'validation',
      `A webhook URL starts with https:// (or http://), not ${url.protocol}//.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError(
      'validation',
      'A webhook URL carries no user name or password: remove them from the URL.',
    );
  }
  const secure = url.protocol === 'https:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  return { url, host: url.hostname.replace(/^\[|\]$/g, ''), port, secure };
}

/** Collects the steps and problems of one run, in order. */
class Findings {
  readonly steps: Step[] = [];
  readonly problems: Problem[] = [];
  certificate: Diagnosis['certificate'];
  /** Every socket opened, innermost first. */
  readonly sockets: Socket[] = [];

  add(outcome: { step: Step; problems: Problem[] }): void {
    this.steps.push(outcome.step);
    this.problems.push(...outcome.problems);
  }
}

/** The address rule: the public addresses to connect to, or null (a skipped step) when there are none. */
function allowedAddresses(
  addresses: string[],
  target: Target,
  proxy: Proxy | null,
  findings: Findings,
): string[] | null {
  let refused: string[];
  if (proxy === null) {
    const kept = addresses.filter(isPublicAddress);
    if (kept.length > 0) return kept;
    refused = addresses;
  } else {
    // Through a proxy, the proxy connects: only a target written as a non-public address is refused here.
    if (isIP(target.host) === 0 || isPublicAddress(target.host)) return addresses;
    refused = [target.host];
  }
  findings.steps.push({
    step: 'tcp',
    ok: false,
    ms: 0,
    skipped: true,
    detail:
      `Not connected: ${target.host} is at ${refused.join(', ')}, not a public address. ` +
      "Automatic checks never connect to this computer's own network; ask for a diagnosis to check it.",
  });
  return null;
}

/** DNS and TCP to the receiver, or to the proxy (then the tunnel); the open connection, or null. */
async function reach(
  target: Target,
  proxy: Proxy | null,
  options: DiagnoseOptions,
  deadline: Deadline,
  findings: Findings,
): Promise<Socket | null> {
  const about =
    proxy === null
      ? ''
      : `proxy ${proxy.label} (from the proxy settings; the DNS and TCP steps are about the proxy): `;
  const host = proxy === null ? target.host : proxy.url.hostname.replace(/^\[|\]$/g, '');
  const port = proxy === null ? target.port : proxyPort(proxy);
  const dns = await lookupStep(host, deadline, about);
  findings.add(dns);
  if (dns.value === undefined) return null;
  let addresses = dns.value;
  if (options.allowPrivateAddresses !== true) {
    const allowed = allowedAddresses(addresses, target, proxy, findings);
    if (allowed === null) return null;
    addresses = allowed;
  }
  const tcp = await connectStep(addresses, port, host, deadline, about);
  if (tcp.value !== undefined) findings.sockets.push(tcp.value);
  if (tcp.value === undefined || proxy === null) {
    findings.add(tcp);
    return tcp.value ?? null;
  }
  return throughProxy(tcp.value, target, proxy, deadline, findings, tcp.step);
}

/** The proxy part of the TCP step: TLS to an https proxy, then a CONNECT tunnel for an https target. */
async function throughProxy(
  socket: Socket,
  target: Target,
  proxy: Proxy,
  deadline: Deadline,
  findings: Findings,
  step: Step,
): Promise<Socket | null> {
  const start = performance.now() - step.ms;
  const hostPort = `${target.url.hostname}:${target.port}`;
  try {
    const toProxy = proxy.url.protocol === 'https:' ? await secureToProxy(socket, proxy, deadline) : socket;
    findings.sockets.push(toProxy);
    if (!target.secure) {
      findings.add({ step: { ...step, ms: elapsedMs(start) }, problems: [] });
      return toProxy;
    }
    const tunnel = await openTunnel(toProxy, proxy, hostPort, deadline);
    findings.add({
      step: { ...step, ms: elapsedMs(start), detail: `${step.detail}; tunnel to ${hostPort} opened` },
      problems: [],
    });
    return tunnel;
  } catch (error) {
    deadline.throwIfCancelled();
    const reason = deadline.expired()
      ? `no answer within ${deadline.budgetMs / 1000} s`
      : error instanceof Error
        ? error.message
        : String(error);
    const summary = `The proxy ${proxy.label} could not open a connection to ${hostPort} (${reason})`;
    findings.add({
      step: { ...step, ok: false, ms: elapsedMs(start), detail: summary },
      problems: [problem(deadline.expired() ? 'connect-timeout' : 'connection-refused', summary)],
    });
    return null;
  }
}

function severityOf(findings: Findings): Diagnosis['severity'] {
  if (findings.problems.some((item) => !WARNING_CODES.has(item.code))) return 'problem';
  if (findings.problems.length > 0) return 'warning';
  if (findings.steps.some((step) => step.skipped === true)) return 'not-checked';
  return 'ok';
}

function verdictOf(findings: Findings, target: Target, severity: Diagnosis['severity']): string {
  const first = findings.problems.find((item) => !WARNING_CODES.has(item.code)) ?? findings.problems[0];
  if (first !== undefined) return first.summary;
  const last = findings.steps.at(-1);
  if (severity === 'not-checked' || last === undefined) return last?.detail ?? 'Not checked';
  if (last.step === 'http') return `${target.url.host} answered ${last.detail}`;
  const days =
    findings.certificate === undefined
      ? ''
      : `, its certificate valid for ${findings.certificate.daysLeft} more days`;
  return `${endpointLabel(target.host, target.port)} accepts connections${days}`;
}

async function run(raw: string, mode: Diagnosis['mode'], options: DiagnoseOptions): Promise<Diagnosis> {
  const target = parseTarget(raw);
  const proxy = proxyForTarget(target.url);
  const deadline = startDeadline(options.timeoutMs ?? DEFAULT_DIAGNOSIS_BUDGET_MS, options.signal);
  const findings = new Findings();
  try {
    deadline.throwIfCancelled();
    let socket = await reach(target, proxy, options, deadline, findings);
    if (socket !== null && target.secure) {
      const tls = await tlsStep(socket, target.host, options.ca, deadline);
      findings.add(tls);
      findings.certificate = tls.value?.certificate;
      if (tls.value !== undefined) findings.sockets.push(tls.value.socket);
      // Calypso cannot deliver through a failed TLS check either: the HTTP answer would tell nothing.
      socket = tls.value === undefined || tls.value.blocking ? null : tls.value.socket;
    }
    if (socket !== null && mode === 'full') {
      const viaProxy = proxy !== null && !target.secure;
      const route = viaProxy
        ? {
            socket,
            viaProxy: proxy.authorization === undefined ? {} : { authorization: proxy.authorization },
          }
        : { socket };
      findings.add(
        await httpProbeStep(
          target.url,
          route,
          deadline,
          viaProxy ? `through the proxy ${proxy.label}: ` : '',
        ),
      );
    }
  } finally {
    // Outermost first: destroying the TCP socket under a live TLS socket crashes Node 20.
    for (const socket of findings.sockets.reverse()) socket.destroy();
    deadline.dispose();
  }
  const severity = severityOf(findings);
  return {
    url: target.url.href,
    mode,
    problems: findings.problems,
    steps: findings.steps,
    severity,
    verdict: verdictOf(findings, target, severity),
    seenFrom: 'this computer',
    caveat: SEEN_FROM_CAVEAT,
    ...(findings.certificate === undefined ? {} : { certificate: findings.certificate }),
  };
}

/**
 * The full diagnosis the merchant asks for: DNS, TCP, TLS, then one POST of a wrongly signed probe.
 * Rejects with a `validation` AppError for a URL it cannot diagnose, `cancelled` when `signal` aborts.
 */
export function diagnoseUrl(url: string, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  return run(url, 'full', options);
}

/**
 * The automatic check when a channel starts failing: DNS, TCP and TLS only, never a request. Never
 * connects to a non-public address unless `allowPrivateAddresses` (the sandbox account).
 */
export function checkConnection(url: string, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  return run(url, 'connection', options);
}
