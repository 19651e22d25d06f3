import type { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import { isLoopbackHost } from '../../common/url-rules';
import { processTrustSource, type TrustSource } from './trust-store';

/** The largest response body the client reads, decompressed; a bigger one fails instead of filling memory. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Whether `url` names this machine, by the same rule as the profile settings (never through a proxy). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * The proxy for `baseUrl` from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY (proxy-from-env's
 * rules, read from `process.env`), or null: the loopback sandbox is always reached directly.
 */
export function proxyFor(baseUrl: string): string | null {
  if (isLoopbackUrl(baseUrl)) return null;
  const proxy = getProxyForUrl(baseUrl);
  return proxy === '' ? null : proxy;
}

/** Idle proxied connections close after this, like those of Node's own keep-alive agents. */
const IDLE_SOCKET_MS = 5_000;

/** The agents of one client: Node's shared keep-alive agents, or a tunnel through the proxy. */
function agentsFor(baseUrl: string): { httpAgent?: Agent; httpsAgent?: Agent } {
  const proxy = proxyFor(baseUrl);
  if (proxy === null) return {};
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS };
  // An https target is tunnelled with CONNECT (TLS runs end to end); a plain http one is forwarded.
  return new URL(baseUrl).protocol === 'https:'
    ? { httpsAgent: new HttpsProxyAgent(proxy, options) }
    : { httpAgent: new HttpProxyAgent(proxy, options) };
}

type TunnelOptions = Parameters<HttpsProxyAgent<string>['connect']>[1];

/** A CONNECT tunnel whose TLS to the origin trusts `ca`: the proxy agent keeps its options for the proxy only. */
class TrustingProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    options: ConstructorParameters<typeof HttpsProxyAgent<string>>[1],
    private readonly ca: string[],
  ) {
    super(proxy, options);
  }

  override connect(request: Parameters<HttpsProxyAgent<string>['connect']>[0], options: TunnelOptions) {
    return super.connect(request, options.secureEndpoint ? { ...options, ca: this.ca } : options);
  }
}

/** An https agent (direct, or tunnelled through the proxy) that trusts exactly the certificates `ca`. */
function trustingAgent(baseUrl: string, ca: readonly string[]): Agent {
  const proxy = proxyFor(baseUrl);
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, ca: [...ca] };
  return proxy === null ? new HttpsAgent(options) : new TrustingProxyAgent(proxy, options, [...ca]);
}

/**
 * The client's own axios instance for one base URL, on axios's Node adapter. The proxy is chosen when
 * the client is created (the app creates them at start and when an account changes), so set the
 * proxy variables before starting the app or the CLI. `trust` gives the CA certificates of an https
 * base URL at each request (default: the process's, see trust-store.ts).
 */
export function createHttpInstance(baseUrl: string, trust: TrustSource = processTrustSource): AxiosInstance {
  const instance = axios.create({
    baseURL: baseUrl,
    adapter: 'http',
    ...agentsFor(baseUrl),
    // The agents above do the proxying: axios's own proxy logic stays out of it.
    proxy: false,
    // A redirect would turn a signed POST into an unsigned GET elsewhere.
    maxRedirects: 0,
    maxContentLength: MAX_RESPONSE_BYTES,
    // The signature covers the exact string: axios must not re-serialize it.
    transformRequest: [(data: unknown) => data],
    // Text whatever the status, for the client to parse: a malformed body is a bad-response, not an exception.
    responseType: 'text',
    validateStatus: () => true,
  });
  if (/^https:/i.test(baseUrl)) {
    // One agent per certificate list: its connections are reused until the list changes.
    let agentCa: readonly string[] | undefined;
    let agent: Agent | undefined;
    instance.interceptors.request.use((config) => {
      const ca = trust();
      if (ca === undefined) return config;
      if (ca !== agentCa || agent === undefined) {
        agent = trustingAgent(baseUrl, ca);
        agentCa = ca;
      }
      config.httpsAgent = agent;
      return config;
    });
  }
  return instance;
}
