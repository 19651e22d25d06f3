import { readFileSync, statSync } from 'node:fs';

/** A secret is a short string: a bigger file is the wrong one. */
const MAX_SECRET_FILE_BYTES = 64 * 1024;

/** The octal mode as `ls -l` users know it, e.g. "0644". */
const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? '';
}

function unreadable(path: string, error: unknown): string {
  const code = errnoCode(error);
  if (code === 'ENOENT') return `${path} does not exist`;
  if (code === 'EACCES') return `${path} cannot be read by this user (permission denied)`;
  if (code === 'ENOTDIR') return `${path} is not a file path (a folder in it is a file)`;
  return `${path} cannot be read (${code || String(error)})`;
}

/**
 * Reads an API secret from a file (a systemd credential, a Kubernetes secret volume). The mode is
 * checked on the file a symlink leads to (stat, not lstat: Kubernetes mounts secrets as symlinks),
 * and a file other users may open is refused. One trailing line break, as editors and `echo`
 * leave, is not part of the secret. Throws an Error whose message says what to fix.
 */
export function readSecretFile(path: string): string {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new Error(unreadable(path, error));
  }
  if (!stats.isFile()) throw new Error(`${path} is not a regular file`);
  if ((stats.mode & 0o077) !== 0) {
    throw new Error(
      `${path} is open to group or others (mode ${octal(stats.mode)}): run \`chmod 600 ${path}\` ` +
        '(for a Kubernetes secret volume, set `defaultMode: 0400`)',
    );
  }
  if (stats.size > MAX_SECRET_FILE_BYTES) {
    throw new Error(`${path} is ${stats.size} bytes: that is not an API secret; check the path`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(unreadable(path, error));
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret.trim() === '') throw new Error(`${path} is empty: put the API secret in it`);
  return secret;
}
