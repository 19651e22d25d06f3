import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, get } from 'node:http';
import { createServer } from 'node:net';
import { nowMs } from './stats';

/** The built `webhook-tray exporter` as a child process, and timed scrapes of its /metrics. */
export interface ExporterProcess {
  pid: number;
  url: string;
  /** One GET of /metrics: wall time from the request to the body's last byte, and the body. */
  scrape(): Promise<{ ms: number; bytes: number; text: string }>;
  /** What it wrote on stderr so far (for error messages). */
  stderr(): string;
  /** Throws, with its stderr, when it has ended. */
  assertAlive(what: string): void;
  /** SIGTERM, then its exit code (null after a signal). */
  stop(): Promise<number | null>;
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

export function startExporter(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  port: number,
  nodeArgs: readonly string[] = [],
): ExporterProcess {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // One kept-alive connection, as Prometheus scrapes.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = `http://127.0.0.1:${port}`;
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid!,
    url,
    scrape: () =>
      new Promise((resolvePromise, reject) => {
        const start = nowMs();
        const req = get(`${url}/metrics`, { agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const ms = nowMs() - start;
            const body = Buffer.concat(chunks);
            if (res.statusCode !== 200) {
              reject(
                new Error(`exporter: /metrics answered ${res.statusCode}: ${body.toString().slice(0, 300)}`),
              );
            } else resolvePromise({ ms, bytes: body.length, text: body.toString('utf8') });
          });
        });
        req.on('error', reject);
      }),
    stderr: () => stderr,
    assertAlive: (what) => {
      if (ended()) {
        throw new Error(
          `exporter: ended (${child.exitCode ?? child.signalCode}) ${what}; its stderr:\n${stderr.slice(-2000)}`,
        );
      }
    },
    stop: () =>
      new Promise((resolvePromise) => {
        agent.destroy();
        if (ended()) return resolvePromise(child.exitCode);
        child.once('exit', (code) => resolvePromise(code));
        child.kill('SIGTERM');
      }),
  };
}
