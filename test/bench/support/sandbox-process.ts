import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'vite';
import { BENCH_OUT_DIR } from './bench-paths';
import type {
  ReceiverBehaviour,
  SandboxCredentials,
  RecordedRequest,
  SandboxOptions,
  SandboxSubscription,
  SeedSubscription,
} from '../../../main/core/sandbox';

const ENTRY = resolve(__dirname, 'sandbox-process-entry.ts');
const BUNDLE = resolve(BENCH_OUT_DIR, 'sandbox-process.mjs');

/** Options that survive JSON: no clock, randomness or log functions. */
export type SandboxProcessOptions = Omit<SandboxOptions, 'now' | 'random' | 'log'>;

/** The sandbox in a child process, driven through its HTTP controls under /_sandbox/. */
export interface SandboxProcess {
  url: string;
  accounts: SandboxCredentials[];
  addSubscription(seed: SeedSubscription): Promise<SandboxSubscription>;
  setReceiver(name: string, behaviour: ReceiverBehaviour): Promise<void>;
  switchUrl(name: string): string;
  subscriptions(): Promise<SandboxSubscription[]>;
  /** Every API request the sandbox has received so far. */
  requests(): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

let bundled: Promise<string> | null = null;

/** Bundles the sandbox entry once per process into one self-contained ES module. */
function sandboxBundle(): Promise<string> {
  bundled ??= build({
    configFile: false,
    logLevel: 'silent',
    ssr: { noExternal: true },
    build: {
      ssr: ENTRY,
      outDir: BENCH_OUT_DIR,
      emptyOutDir: false,
      minify: false,
      rollupOptions: { output: { entryFileNames: 'sandbox-process.mjs', format: 'es' } },
    },
  }).then(() => BUNDLE);
  return bundled;
}

function call(base: string, token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolvePromise, reject) => {
    const req = request(
      `${base}/_sandbox${path}`,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300) {
            reject(new Error(`sandbox-process: ${method} ${path} -> ${res.statusCode}: ${text}`));
          } else resolvePromise(text === '' ? undefined : JSON.parse(text));
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    if (child.stdout === null) throw new Error('sandbox-process: no stdout');
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolvePromise(line);
    });
    child.once('exit', (code) => reject(new Error(`sandbox-process: exited with ${code} before starting`)));
  });
}

/**
 * Starts the sandbox in its own Node process and resolves once it listens. `seedFile`, a JSON file
 * of SeedSubscription[], is added in that process before it reports (for thousands of subscriptions).
 */
export async function startSandboxProcess(
  options: SandboxProcessOptions,
  seedFile?: string,
): Promise<SandboxProcess> {
  const bundle = await sandboxBundle();
  const json = JSON.stringify(options);
  // Linux caps one argument at 128 KiB; a thousand accounts' credentials go through a file instead.
  let optionsArg = json;
  if (json.length > 100_000) {
    optionsArg = `@${resolve(BENCH_OUT_DIR, `sandbox-options-${process.pid}.json`)}`;
    writeFileSync(optionsArg.slice(1), json);
  }
  const args = [bundle, optionsArg, ...(seedFile === undefined ? [] : [seedFile])];
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await firstLine(child).finally(() => {
    if (optionsArg.startsWith('@')) rmSync(optionsArg.slice(1), { force: true });
  });
  const started = JSON.parse(line) as {
    url: string;
    accounts: SandboxCredentials[];
    controlToken: string;
  };
  const { url, controlToken } = started;
  return {
    url,
    accounts: started.accounts,
    addSubscription: async (seed) =>
      (await call(url, controlToken, 'POST', '/subscriptions', seed)) as SandboxSubscription,
    setReceiver: async (name, behaviour) => {
      await call(url, controlToken, 'PUT', `/receivers/switch/${encodeURIComponent(name)}`, { behaviour });
    },
    switchUrl: (name) => `${url}/_sandbox/receivers/switch/${encodeURIComponent(name)}`,
    subscriptions: async () =>
      ((await call(url, controlToken, 'GET', '/state')) as { subscriptions: SandboxSubscription[] })
        .subscriptions,
    requests: async () =>
      ((await call(url, controlToken, 'GET', '/requests')) as { requests: RecordedRequest[] }).requests,
    close: () =>
      new Promise((resolvePromise) => {
        if (child.exitCode !== null) return resolvePromise();
        child.once('exit', () => resolvePromise());
        child.stdin?.end();
      }),
  };
}
