// Runs the built-in sandbox in a process of its own, so a benchmark's process holds only the code
// under measurement: the sandbox's CPU time and heap stay out of the figures. Options arrive as JSON
// in argv[2]; the first stdout line is `{ url, accounts, controlToken }`; the sandbox closes when stdin ends.
import { startSandbox } from '../../../main/core/sandbox';
import type { SandboxOptions } from '../../../main/core/sandbox';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
  const sandbox = await startSandbox(options);
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
