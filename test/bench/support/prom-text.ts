/** One sample of a Prometheus text exposition: `name{label="value",...} value`. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const ESCAPE = /\\(.)/g;

/**
 * The samples of a text exposition (format 0.0.4) whose names pass `wanted`; comments and other
 * names are skipped before their labels are read, so picking a few names from a large scrape is cheap.
 */
export function parseProm(text: string, wanted: (name: string) => boolean = () => true): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const end = line.search(/[{\s]/);
    if (!wanted(end === -1 ? line : line.slice(0, end))) continue;
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`prom-text: not a sample line: ${line.slice(0, 200)}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(LABEL)) {
      labels[key!] = raw!.replace(ESCAPE, (_, char: string) => (char === 'n' ? '\n' : char));
    }
    const value = match[3] === '+Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : Number(match[3]);
    samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

/** The value of the one sample of `name` (process and Node metrics have no labels), or undefined. */
export function singleValue(samples: readonly PromSample[], name: string): number | undefined {
  return samples.find((sample) => sample.name === name)?.value;
}
