// Runs the built-in sandbox in a process of its own, so a benchmark's process holds only the code
// under measurement: the sandbox's CPU time and heap stay out of the figures. Options arrive as JSON
// in argv[2] (or, as `@FILE`, in that file: a thousand accounts exceed an argument's limit); argv[3], when given, names a JSON file of subscriptions to add before it reports (thousands
// at once, without an HTTP call each); the first stdout line is `{ url, accounts, controlToken }`; the
// sandbox closes when stdin ends.
import { readFileSync } from 'node:fs';
import { startSandbox } from '../../../main/core/sandbox';
import type { SandboxOptions, SeedSubscription } from '../../../main/core/sandbox';

async function main(): Promise<void> {
  const raw = process.argv[2] ?? '{}';
  const options = JSON.parse(
    raw.startsWith('@') ? readFileSync(raw.slice(1), 'utf8') : raw,
  ) as SandboxOptions;
  const sandbox = await startSandbox(options);
  const seedFile = process.argv[3];
  if (seedFile !== undefined) {
    const seeds = JSON.parse(readFileSync(seedFile, 'utf8')) as SeedSubscription[];
    for (const seed of seeds) sandbox.control.addSubscription(seed);
  }
  const { url, accounts, controlToken } = sandbox;
  process.stdout.write(`${JSON.stringify({ url, accounts, controlToken })}\n`);
  const close = () => void sandbox.close().then(() => process.exit(0));
  process.stdin.on('end', close);
  process.stdin.on('close', close);
  process.stdin.resume();
  process.on('SIGTERM', close);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox-process: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
