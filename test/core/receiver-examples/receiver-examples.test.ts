import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { sandboxForTest } from '../../support/sandbox';

// The examples the channel screen shows, run as they are, against real sandbox deliveries.
const examples = fileURLToPath(new URL('../../../renderer/src/receiver-examples/', import.meta.url));

interface Example {
  name: string;
  tool: string;
  install: string;
  command: (port: number) => string[];
}

const EXAMPLES: Example[] = [
  {
    name: 'Node.js',
    tool: process.execPath,
    install: 'Node.js',
    command: () => [process.execPath, `${examples}verify-node.mjs`],
  },
  {
    name: 'Python',
    tool: 'python3',
    install: 'apt-get install python3',
    command: () => ['python3', `${examples}verify-python.py`],
  },
  {
    name: 'PHP',
    tool: 'php',
    install: 'apt-get install php-cli',
    command: (port) => ['php', '-S', `127.0.0.1:${port}`, `${examples}verify-php.php`],
  },
];

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts the example with that secret in its environment; resolves once it accepts connections. */
async function startExample(example: Example, secret: string): Promise<number> {
  const port = await freePort();
  const [command, ...args] = example.command(port);
  const child = spawn(command as string, args, {
    env: { ...process.env, CALYPSO_WEBHOOK_SECRET: secret, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the ${example.name} example did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return port;
}

describe.each(EXAMPLES)('the $name receiver example', (example) => {
  test(`${example.tool} is installed (never skipped)`, () => {
    const probe = spawnSync(example.tool, ['--version'], { encoding: 'utf8' });
    expect(probe.error, `${example.tool} is missing: ${example.install}`).toBeUndefined();
    expect(probe.status, `${example.tool} --version failed: ${example.install}`).toBe(0);
  });

  test('answers 200 to a delivery signed with the subscription secret, 401 with another', async () => {
    const sandbox = await sandboxForTest();
    const { control } = sandbox;
    const placeholder = control.addSubscription({ url: 'http://127.0.0.1:9/placeholder' });

    const goodPort = await startExample(example, placeholder.secretKey);
    control.forceFields(placeholder.requestId, { url: `http://127.0.0.1:${goodPort}/webhook` });
    const [good] = await control.deliverNow();
    expect(good).toMatchObject({ ok: true, status: 200, error: null });

    const wrongPort = await startExample(example, `${placeholder.secretKey}x`);
    control.forceFields(placeholder.requestId, { url: `http://127.0.0.1:${wrongPort}/webhook` });
    const [wrong] = await control.deliverNow();
    expect(wrong).toMatchObject({ ok: false, status: 401 });
    expect(control.deliveries().map((attempt) => attempt.status)).toEqual([200, 401]);
  });
});
