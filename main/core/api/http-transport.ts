import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import zlib from 'node:zlib';
import axios, {
  type Axios,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { isLoopbackHost } from '../../common/url-rules';

/** The largest response body the client reads; a bigger one fails instead of filling memory. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** The code of the error a response over MAX_RESPONSE_BYTES fails with. */
export const RESPONSE_TOO_LARGE_CODE = 'ERR_RESPONSE_TOO_LARGE';

/** Whether `url` names this machine, by the same rule as the profile settings (never through a proxy). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The proxy variables axios's own adapter honours (through proxy-from-env). */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return PROXY_VARIABLES.some((name) => (env[name] ?? '') !== '');
}

/** axios's own rule (combineURLs): the path is appended to the base URL, whose own path is kept. */
function fullUrl(config: InternalAxiosRequestConfig): URL {
  const path = config.url ?? '';
  if (config.baseURL === undefined || /^[a-z][a-z\d+\-.]*:\/\//i.test(path)) return new URL(path);
  return new URL(`${config.baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
}

/** The headers the transport writes itself: a caller's headers of these names are not sent. */
const OWN_HEADERS = new Set(['host', 'content-length', 'accept-encoding']);

interface Target {
  secure: boolean;
  /**
   * Where `http(s).request` sends the request, as a plain object made once: urlToHttpOptions makes a
   * null-prototype object, which V8 keeps as a hash table, and spreading it into every request's
   * options cost about 4 µs of CPU a poll (BENCHMARKS.md, figure 1).
   */
  protocol: string;
  hostname: string;
  port: number | undefined;
  path: string;
  /** The `Host` header: Node adds it itself only to headers given as an object (see requestHeaders). */
  host: string;
  /** `Authorization` for a base URL with user info (Node's `auth` option, ignored with a header list). */
  authorization: string | undefined;
}

/**
 * Where a request goes, resolved once per base URL and path: a client sends the same few paths to
 * one host all its life, and resolving them on every request cost a URL parse and its conversion.
 * The cache is the adapter's own, one per client.
 */
function targetResolver(): (config: InternalAxiosRequestConfig) => Target {
  const resolved = new Map<string, Target>();
  return (config) => {
    const key = `${config.baseURL ?? ''} ${config.url ?? ''}`;
    let target = resolved.get(key);
    if (target === undefined) {
      const url = fullUrl(config);
      const { hostname, port, path, auth } = urlToHttpOptions(url);
      target = {
        secure: url.protocol === 'https:',
        protocol: url.protocol,
        hostname: hostname ?? url.hostname,
        port: typeof port === 'number' ? port : undefined,
        path: path ?? '/',
        host: url.host,
        authorization: typeof auth === 'string' ? `Basic ${Buffer.from(auth).toString('base64')}` : undefined,
      };
      resolved.set(key, target);
    }
    return target;
  };
}

/**
 * A request's headers as the name/value list `http(s).request` takes. Given as a list, Node writes
 * them as they are (still checking every name and value) instead of storing each one through
 * `setHeader` first, which saved about 7 µs of CPU a poll with the one-chunk read below
 * (BENCHMARKS.md, figure 1); it then adds neither `Host` nor `Authorization`, so they are here.
 */
function requestHeaders(target: Target, given: Record<string, unknown>, body: string | undefined): string[] {
  const headers = ['Host', target.host];
  let authorized = false;
  for (const name in given) {
    const value = given[name];
    if (value === undefined || value === null) continue;
    const lower = name.toLowerCase();
    if (OWN_HEADERS.has(lower)) continue;
    if (lower === 'authorization') authorized = true;
    headers.push(name, String(value));
  }
  if (target.authorization !== undefined && !authorized) headers.push('Authorization', target.authorization);
  if (body !== undefined) headers.push('Content-Length', String(Buffer.byteLength(body)));
  // A list of hundreds of webhooks compresses about tenfold; loopback answers come uncompressed.
  headers.push('Accept-Encoding', 'gzip, deflate, br');
  return headers;
}

/** The code of the error a compressed answer that cannot be decompressed fails with. */
export const BAD_ENCODING_CODE = 'ERR_BAD_CONTENT_ENCODING';

function codedError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

const cancelled = (): Error => codedError('The request was cancelled.', 'ABORT_ERR');

const tooLarge = (): Error =>
  codedError(`The answer exceeded ${MAX_RESPONSE_BYTES} bytes.`, RESPONSE_TOO_LARGE_CODE);

const undecodable = (error: unknown): Error =>
  codedError(`The answer could not be decompressed: ${(error as Error).message}`, BAD_ENCODING_CODE);

/** zlib's error codes (and brotli's) for input that is not what its encoding says. */
function isDecodingError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR__'))
  );
}

/**
 * The text of an answer as received, decompressed per its `Content-Encoding` with at most
 * MAX_RESPONSE_BYTES out (a small compressed answer must not expand past the bound), without a
 * leading byte-order mark; the same leniency as axios's own adapter: gzip or zlib data under either
 * name, deflate with or without its zlib header.
 */
function decodeBody(raw: Buffer, encoding: string | undefined): string {
  const name = encoding?.trim().toLowerCase() ?? '';
  let decoded = raw;
  if (raw.length > 0 && name !== '' && name !== 'identity') {
    const options = { maxOutputLength: MAX_RESPONSE_BYTES, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    try {
      if (name === 'gzip' || name === 'x-gzip') decoded = zlib.unzipSync(raw, options);
      // A zlib header's first byte names the deflate method (8) in its low bits; without it, raw deflate.
      else if (name === 'deflate')
        decoded = (raw[0]! & 0x0f) === 8 ? zlib.unzipSync(raw, options) : zlib.inflateRawSync(raw, options);
      else if (name === 'br')
        decoded = zlib.brotliDecompressSync(raw, {
          maxOutputLength: MAX_RESPONSE_BYTES,
          finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
        });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      throw undecodable(error);
    }
  }
  const text = decoded.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The code of the error an attempt fails with when `timeout` runs out. axios's own `timeout` only
 * covers the wait for the response headers (then socket inactivity), so a body that trickles in
 * would never time out; here `timeout` bounds the whole attempt, body included.
 */
export const ATTEMPT_TIMEOUT_CODE = 'ERR_ATTEMPT_TIMEOUT';

/** The requests in flight per signal, for `cancelOnAbort`. */
const requestsBySignal = new WeakMap<AbortSignal, Set<http.ClientRequest>>();

/**
 * Cancels `request` if `signal` aborts; returns the function that forgets it once it settles. Each
 * signal gets one abort listener, added the first time it is seen, for all of its requests: the
 * monitor reuses a profile's signal poll after poll, and an addEventListener/removeEventListener
 * pair per request cost about 20 µs of CPU in a poll's real setting (BENCHMARKS.md, figure 1).
 */
function cancelOnAbort(signal: AbortSignal, request: http.ClientRequest): () => void {
  let requests = requestsBySignal.get(signal);
  if (requests === undefined) {
    const inFlight = new Set<http.ClientRequest>();
    requests = inFlight;
    requestsBySignal.set(signal, inFlight);
    signal.addEventListener(
      'abort',
      () => {
        for (const pending of inFlight) pending.destroy(cancelled());
        inFlight.clear();
      },
      { once: true },
    );
  }
  const own = requests;
  own.add(request);
  return () => {
    own.delete(request);
  };
}

/**
 * The direct transport: one `http(s).request` on the shared keep-alive agents, the signed string
 * written as is, the answer read as text. What axios's Node adapter adds per request (redirect
 * following, proxy lookup, decompression and progress streams, a `setKeepAlive` system call) cost
 * more CPU than all the rest of a poll on loopback (BENCHMARKS.md, figure 1), and the client needs
 * none of it: it must never follow a redirect (that would turn a signed POST into an unsigned GET).
 * It asks for compression and decompresses gzip, deflate and brotli (decodeBody).
 * `timeout` is a deadline for the whole attempt; `signal` cancels.
 */
function createDirectAdapter(): AxiosAdapter {
  const targetOf = targetResolver();
  return (config) =>
    new Promise<AxiosResponse<string>>((resolve, reject) => {
      const body = config.data as unknown;
      if (body !== undefined && typeof body !== 'string') {
        reject(
          new TypeError('The Calypso client sends only string bodies: sign and serialize before sending.'),
        );
        return;
      }
      const signal = config.signal as AbortSignal | undefined;
      if (signal?.aborted === true) {
        reject(cancelled());
        return;
      }
      const target = targetOf(config);
      const request = (target.secure ? https : http).request({
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        method: (config.method ?? 'get').toUpperCase(),
        headers: requestHeaders(target, config.headers.toJSON(true), body),
        // Node's default agents keep connections alive (and drop idle ones after 5 s): every client
        // on one host shares them, as with axios's own adapter.
        agent: target.secure ? https.globalAgent : http.globalAgent,
      });
      const forget = signal === undefined ? undefined : cancelOnAbort(signal, request);
      const deadline =
        config.timeout !== undefined && config.timeout > 0
          ? setTimeout(() => {
              request.destroy(
                codedError(`No complete answer within ${config.timeout} ms.`, ATTEMPT_TIMEOUT_CODE),
              );
            }, config.timeout)
          : undefined;
      const settle = () => {
        clearTimeout(deadline);
        forget?.();
      };
      const fail = (error: Error) => {
        settle();
        reject(error);
      };
      request.on('error', fail);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        // The bound applies to the bytes received, then again to what they decompress to.
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size > MAX_RESPONSE_BYTES) return;
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            const error = tooLarge();
            request.destroy(error);
            fail(error);
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', fail);
        response.on('end', () => {
          settle();
          let data: string;
          try {
            // The usual answer arrives in one chunk: read it as is rather than copy it.
            const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
            data = decodeBody(raw, response.headers['content-encoding']);
          } catch (error) {
            reject(error as Error);
            return;
          }
          // Every status resolves: the client reads the status itself (axios's validateStatus belongs
          // to its own adapters). Header names arrive lower-cased.
          resolve({
            data,
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            config,
          });
        });
      });
      request.end(body);
    });
}

/**
 * The transport of a client's axios instance. A host reached through a proxy (HTTP(S)_PROXY or
 * ALL_PROXY set, and the host not on loopback) goes through axios's own Node adapter, which does
 * the proxy, NO_PROXY and CONNECT tunnelling, with redirects off and the same size bound; every
 * other host, the usual case, through the direct transport above. Which of the two is decided when
 * the client is created (the app creates them at start and when an account changes): set the proxy
 * variables before starting the app or the CLI.
 */
export function createHttpAdapter(baseUrl: string, env: NodeJS.ProcessEnv = process.env): AxiosAdapter {
  if (isLoopbackUrl(baseUrl) || !proxyConfigured(env)) return createDirectAdapter();
  const viaProxy = axios.getAdapter('http');
  return async (config) => {
    config.maxRedirects = 0;
    config.maxContentLength = MAX_RESPONSE_BYTES;
    config.validateStatus = () => true;
    // The same whole-attempt deadline as the direct transport, through a signal axios's adapter obeys.
    const timeoutMs = config.timeout ?? 0;
    config.timeout = 0;
    const controller = new AbortController();
    let timedOut = false;
    const deadline =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const callerSignal = config.signal as AbortSignal | undefined;
    const forwardAbort = () => controller.abort();
    if (callerSignal?.aborted === true) controller.abort();
    callerSignal?.addEventListener('abort', forwardAbort, { once: true });
    config.signal = controller.signal;
    try {
      return await viaProxy(config);
    } catch (error) {
      if (timedOut) {
        throw codedError(`No complete answer within ${timeoutMs} ms.`, ATTEMPT_TIMEOUT_CODE);
      }
      if (axios.isAxiosError(error) && error.message.includes('maxContentLength')) throw tooLarge();
      if (isDecodingError(error)) throw undecodable(error);
      throw error;
    } finally {
      clearTimeout(deadline);
      callerSignal?.removeEventListener('abort', forwardAbort);
      // axios checks the config's signal once the adapter settles: ours must not turn a timeout
      // into a cancellation.
      config.signal = callerSignal;
    }
  };
}

/**
 * The client's own axios instance for one base URL (one per client). It is a bare `axios.Axios`,
 * not `axios.create()`: create() copies axios's global defaults into the instance, and every request
 * then merges them again (header groups per method, transitional flags, XSRF names, none of which
 * a signed JSON POST uses), which cost as much CPU as the rest of axios per request
 * (BENCHMARKS.md, figure 1). Bodies go out as the exact string that was signed (no request
 * transform); answers come back as text, whatever their status, for the client to read and parse
 * (no response transform: a malformed body is a bad-response, not an axios exception).
 */
export function createHttpInstance(baseUrl: string): Axios {
  return new axios.Axios({
    baseURL: baseUrl,
    adapter: createHttpAdapter(baseUrl),
    responseType: 'text',
  });
}
