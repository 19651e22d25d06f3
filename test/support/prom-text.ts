/**
 * A reader of the Prometheus text format written for the tests, independent of prom-client: the
 * tests check what the exporter serves, not what its library believes it wrote.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_match, char: string) => (char === 'n' ? '\n' : char));
}

/**
 * Every sample of a scrape whose name passes `wanted` (read before its labels, so picking a few names
 * from a large scrape is cheap); HELP and TYPE lines are in `help` and `type`.
 */
export function parseScrape(
  text: string,
  wanted: (name: string) => boolean = () => true,
): {
  samples: Sample[];
  help: Map<string, string>;
  type: Map<string, string>;
} {
  const samples: Sample[] = [];
  const help = new Map<string, string>();
  const type = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (comment !== null) {
      (comment[1] === 'HELP' ? help : type).set(comment[2]!, comment[3]!);
      continue;
    }
    const end = line.search(/[{\s]/);
    if (!wanted(end === -1 ? line : line.slice(0, end))) continue;
    const match = LINE.exec(line);
    if (match === null) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = unescape(value!);
    const raw = match[3]!;
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    samples.push({ name: match[1]!, labels, value });
  }
  return { samples, help, type };
}

/** The samples of one metric whose labels include `where`. */
export function series(
  samples: readonly Sample[],
  name: string,
  where: Record<string, string> = {},
): Sample[] {
  return samples.filter(
    (sample) =>
      sample.name === name && Object.entries(where).every(([key, value]) => sample.labels[key] === value),
  );
}

/** The value of the one sample of `name` (process and Node metrics have no labels), or undefined. */
export function singleValue(samples: readonly Sample[], name: string): number | undefined {
  return samples.find((sample) => sample.name === name)?.value;
}
