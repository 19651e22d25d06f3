import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where and what to start at login on a Linux desktop (XDG Autostart specification). */
export interface XdgAutostartOptions {
  /** The executable to start: the AppImage path when running from one, else the app binary. */
  execPath: string;
  args?: readonly string[];
  /** `$XDG_CONFIG_HOME`; defaults to the environment, then `~/.config`. */
  configHome?: string;
}

const FILE_NAME = 'webhook-tray.desktop';

/** The autostart entry's path: `$XDG_CONFIG_HOME/autostart/webhook-tray.desktop`. */
export function xdgAutostartPath(configHome?: string): string {
  const base = configHome ?? (process.env.XDG_CONFIG_HOME || join(homedir(), '.config'));
  return join(base, 'autostart', FILE_NAME);
}

/**
 * Quotes one Exec argument as the Desktop Entry spec asks: inside double quotes, `"`, `` ` ``,
 * `$` and `\` take a backslash; then the value as a whole escapes `\` again and `%` as `%%`.
 */
function quoteExecArg(arg: string): string {
  const needsQuotes = /[\s"'\\><~|&;$*?#()`]/.test(arg) || arg.length === 0;
  const quoted = needsQuotes ? `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : arg;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

/** The text of the autostart entry. */
export function xdgAutostartEntry(options: XdgAutostartOptions): string {
  const exec = [options.execPath, ...(options.args ?? [])].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Webhook Tray',
    'Comment=Watches your Calypso webhooks from the tray',
    `Exec=${exec}`,
    'Icon=webhook-tray',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Turns launch at login on (writes the entry, atomically through a temporary file) or off
 * (removes it). Idempotent: turning off an absent entry is not an error.
 */
export async function setXdgAutostart(enabled: boolean, options: XdgAutostartOptions): Promise<void> {
  const path = xdgAutostartPath(options.configHome);
  if (!enabled) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, xdgAutostartEntry(options), { mode: 0o644 });
  await rename(temporary, path);
}

/** True when our autostart entry exists and is not switched off with `Hidden=true`. */
export async function isXdgAutostartEnabled(configHome?: string): Promise<boolean> {
  try {
    const text = await readFile(xdgAutostartPath(configHome), 'utf8');
    return !/^Hidden\s*=\s*true\s*$/m.test(text);
  } catch {
    return false;
  }
}
