import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';

/** The largest response body the client reads; a bigger one fails instead of filling memory. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** The error code undici gives a response over MAX_RESPONSE_BYTES. */
export const RESPONSE_TOO_LARGE_CODE = 'UND_ERR_RES_EXCEEDED_MAX_SIZE';

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK_HOSTNAMES.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

const dispatcherOptions = { maxResponseSize: MAX_RESPONSE_BYTES } as const;
let direct: Dispatcher | undefined;
let proxied: Dispatcher | undefined;

/**
 * The connection pools every client shares, so that profiles on one host reuse the same keep-alive
 * sockets. Remote hosts go through HTTP(S)_PROXY / NO_PROXY when the environment sets them; the
 * loopback sandbox never does, whatever the environment says.
 */
function dispatcherFor(loopback: boolean): Dispatcher {
  if (loopback) return (direct ??= new Agent(dispatcherOptions));
  return (proxied ??= new EnvHttpProxyAgent(dispatcherOptions));
}

/** axios's own rule (combineURLs): the path is appended to the base URL, whose own path is kept. */
function fullUrl(config: InternalAxiosRequestConfig): string {
  const path = config.url ?? '';
  if (config.baseURL === undefined || /^[a-z][a-z\d+\-.]*:\/\//i.test(path)) return path;
  return `${config.baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * The transport of the client's axios instance: undici's `request` over shared keep-alive pools.
 * axios's Node adapter (http.request, follow-redirects, proxy-from-env, decompression streams) cost
 * more per request than all the rest of a poll on loopback (BENCHMARKS.md, figure 1); the client
 * needs none of it: it sends a signed string, reads a text body, never follows a redirect (that would
 * turn a signed POST into an unsigned GET) and never asks for compression. Everything else (config,
 * headers, the promise the client awaits) is still axios.
 */
export function createHttpAdapter(baseUrl: string): AxiosAdapter {
  const dispatcher = dispatcherFor(isLoopbackUrl(baseUrl));
  return async (config): Promise<AxiosResponse<string>> => {
    if (config.data !== undefined && typeof config.data !== 'string') {
      throw new TypeError('The Calypso client sends only string bodies: sign and serialize before sending.');
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.headers.toJSON(true))) {
      if (value !== undefined) headers[name] = String(value);
    }
    const response = await request(fullUrl(config), {
      dispatcher,
      method: (config.method ?? 'get').toUpperCase() as Dispatcher.HttpMethod,
      headers,
      body: config.data as string | undefined,
      signal: config.signal as AbortSignal | undefined,
    });
    const data = await response.body.text();
    // Every status resolves: the client reads the status itself (axios's validateStatus belongs to its
    // own adapters). Header names arrive lower-cased.
    return { data, status: response.statusCode, statusText: '', headers: response.headers, config };
  };
}
