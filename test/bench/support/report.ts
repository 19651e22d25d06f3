import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_OUT_DIR } from './bench-paths';

export type Cell = string | number;

/** Prints a titled, aligned text table on stdout (benchmarks report; they never assert on times). */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
): void {
  const text = rows.map((row) => row.map(String));
  const widths = header.map((name, column) =>
    Math.max(name.length, ...text.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const out = [
    '',
    `## ${title}`,
    `(${machineLine()})`,
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...text.map(line),
    '',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

/** What the figures ran on; load average says how busy the machine was. */
function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return `${cpus().length} x ${cpu}, ${gb(totalmem())} GiB RAM (${gb(freemem())} free), Node ${process.version}, load average ${load}`;
}

/** Writes a benchmark's figures as JSON under test-results/bench/, for comparing runs. */
export function saveResult(name: string, figures: unknown): void {
  mkdirSync(BENCH_OUT_DIR, { recursive: true });
  const file = join(BENCH_OUT_DIR, `${name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), machine: machineLine(), figures }, null, 2)}\n`,
  );
}
