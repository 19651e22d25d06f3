import http from 'node:http';
import https from 'node:https';
import { isLoopbackHost } from '../../common/url-rules';

export interface PostResult {
  status: number | null;
  error: string | null;
  /** Refused before any connection: the host is not on this machine (logged once per host). */
  refused?: boolean;
}

export interface TransportOptions {
  timeoutMs: number;
  allowRemote: boolean;
  log: (line: string) => void;
}

/** POSTs delivery bodies; refuses hosts off this machine unless allowed; aborts all on stop. */
export class DeliveryTransport {
  readonly #inFlight = new Set<http.ClientRequest>();
  /** Hosts already logged as refused, so a periodic round logs each once, not every tick. */
  readonly #refusedHosts = new Set<string>();

  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  stop(): void {
    for (const request of this.#inFlight) request.destroy(new Error('sandbox closed'));
    this.#inFlight.clear();
  }

  #refuse(host: string): string {
    const error = `not delivered to ${host}: the sandbox delivers only to this machine (127.0.0.0/8, ::1, localhost) unless started with --allow-remote-delivery`;
    if (!this.#refusedHosts.has(host)) {
      this.#refusedHosts.add(host);
      this.#options.log(`sandbox: ${error}`);
    }
    return error;
  }

  post(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ status: null, error: 'invalid URL' });
        return;
      }
      const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
      if (transport === undefined) {
        resolve({ status: null, error: `unsupported protocol ${target.protocol}` });
        return;
      }
      // Decided on the URL alone, before any DNS lookup or connection: a name is only trusted
      // as this machine when it is `localhost`.
      if (!this.#options.allowRemote && !isLoopbackHost(target.hostname)) {
        resolve({ status: null, error: this.#refuse(target.host), refused: true });
        return;
      }
      let settled = false;
      const finish = (result: PostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#inFlight.delete(request);
        resolve(result);
      };
      // A fresh socket per delivery: nothing lingers in a keep-alive pool when the sandbox closes.
      const request = transport.request(target, {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      });
      this.#inFlight.add(request);
      const timer = setTimeout(() => {
        finish({ status: null, error: `no answer within ${this.#options.timeoutMs} ms` });
        request.destroy();
      }, this.#options.timeoutMs);
      request.on('response', (response) => {
        response.resume();
        finish({ status: response.statusCode ?? null, error: null });
      });
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish({ status: null, error: error.code ?? error.message }),
      );
      request.end(body);
    });
  }
}
