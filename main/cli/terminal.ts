import { styleText } from 'node:util';
import type { ChannelHealth } from '../core/monitor';

/** What the CLI may assume about the terminal stdout goes to. */
export interface TerminalInfo {
  /** Columns to fit a table in; undefined when stdout is not a terminal and COLUMNS is not set. */
  width: number | undefined;
  /** Whether to colour: a terminal, and neither NO_COLOR nor TERM=dumb; FORCE_COLOR forces it. */
  colour: boolean;
}

function positiveInteger(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  const value = Number(raw);
  return value > 0 ? value : undefined;
}

/** Reads the terminal from the stream and the environment (COLUMNS overrides the width, as in most CLIs). */
export function terminalInfo(
  env: NodeJS.ProcessEnv,
  stdout: { isTTY?: boolean; columns?: number },
): TerminalInfo {
  const tty = stdout.isTTY === true;
  const width = positiveInteger(env.COLUMNS) ?? (tty ? positiveInteger(String(stdout.columns)) : undefined);
  // https://no-color.org: NO_COLOR set to anything but the empty string turns colour off.
  const noColour = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forced = env.FORCE_COLOR !== undefined && !['', '0', 'false'].includes(env.FORCE_COLOR);
  return { width, colour: !noColour && (forced || (tty && env.TERM !== 'dumb')) };
}

const HEALTH_STYLE: Record<ChannelHealth, Parameters<typeof styleText>[0]> = {
  healthy: 'green',
  failing: 'yellow',
  blocked: ['red', 'bold'],
  disabled: 'gray',
};

/** A health word in its colour; the caller decides whether colour is on. */
export function colourHealth(health: ChannelHealth, text: string): string {
  // The caller has checked the terminal and the environment: styleText must not check them again.
  return styleText(HEALTH_STYLE[health], text, { validateStream: false });
}
