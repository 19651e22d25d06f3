import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import tls from 'node:tls';
import { AppError } from '../../common/errors';

/**
 * The CA certificates (PEM) an https client trusts, asked before each request; undefined keeps
 * Node's default store (its bundled roots, plus NODE_EXTRA_CA_CERTS where Node honours it).
 */
export type TrustSource = () => readonly string[] | undefined;

/** The app's extra CA file setting, as its messages name it. */
export const APP_CA_SETTING = 'Extra CA certificate (Settings)';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Why a file could not be read, in words (its error code), for the messages below. */
function readProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'there is no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'this user may not read it';
  if (code === 'EISDIR') return 'it is a folder';
  return typeof code === 'string' ? code : 'it cannot be read';
}

/**
 * The certificates of a PEM file. `where` names the flag or setting the path came from, so an
 * unreadable file, or one without a certificate, is a `validation` error the merchant can act on.
 */
export function readCaFile(path: string, where: string): string[] {
  const fix = `${where} must name a PEM file holding the CA certificate of your network (-----BEGIN CERTIFICATE-----).`;
  if (!isAbsolute(path))
    throw new AppError('validation', `${where}: "${path}" is not an absolute path. ${fix}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('validation', `${where}: cannot read ${path}: ${readProblem(error)}. ${fix}`);
  }
  const certificates = text.match(PEM_CERTIFICATE) ?? [];
  if (certificates.length === 0) {
    throw new AppError('validation', `${where}: ${path} holds no PEM certificate. ${fix}`);
  }
  certificates.forEach((pem, index) => {
    try {
      new X509Certificate(pem);
    } catch {
      throw new AppError(
        'validation',
        `${where}: certificate ${index + 1} of ${path} is damaged and cannot be read. ${fix}`,
      );
    }
  });
  return certificates;
}

/** The operating system's trusted CAs where Node can read them (Electron's Node can; Node 20 cannot). */
export function systemCertificates(): string[] {
  const api = tls as { getCACertificates?: (type: 'system') => string[] };
  return typeof api.getCACertificates === 'function' ? api.getCACertificates('system') : [];
}

/** Node's bundled roots plus `extra`: an explicit `ca` replaces the default store, so the roots come along. */
export function withBundledRoots(...extra: readonly (readonly string[])[]): string[] {
  return [...new Set([...tls.rootCertificates, ...extra.flat()].map((pem) => pem.trim()))];
}

/** The NODE_EXTRA_CA_CERTS certificates, or none when unset or unreadable (Node has said so at start). */
function nodeExtraCertificates(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (file === undefined || file === '') return [];
  try {
    return readFileSync(file, 'utf8').match(PEM_CERTIFICATE) ?? [];
  } catch {
    return [];
  }
}

/**
 * The CLI's trust: Node's default store, and with a CA file (`where` names its flag) that file's
 * certificates added to the bundled roots and to NODE_EXTRA_CA_CERTS, which it would otherwise replace.
 */
export function cliCertificates(
  caFile: string | undefined,
  where: string,
  env: NodeJS.ProcessEnv,
): readonly string[] | undefined {
  if (caFile === undefined) return undefined;
  return withBundledRoots(nodeExtraCertificates(env), readCaFile(caFile, where));
}

/**
 * The app's trust: the bundled roots, the operating system's store (NODE_EXTRA_CA_CERTS is off in
 * the packaged app, see docs/SECURITY.md) and the extra CA file of the settings, if any. The list
 * is rebuilt when that path changes; a file that cannot be read fails the request with a message
 * naming the setting, and is tried again on the next one.
 */
export function createAppTrust(extraCaFile: () => string | null, where: string): TrustSource {
  let system: string[] | null = null;
  let cachedFor: string | null | undefined;
  let cached: readonly string[] | undefined;
  return () => {
    const path = extraCaFile();
    if (path !== cachedFor) {
      system ??= systemCertificates();
      const extra = path === null ? [] : readCaFile(path, where);
      cached = system.length === 0 && extra.length === 0 ? undefined : withBundledRoots(system, extra);
      cachedFor = path;
    }
    return cached;
  };
}

let processTrust: TrustSource = () => undefined;

/** The trust of every client made without one of its own: the app sets it once, at start. */
export function setProcessTrust(source: TrustSource): void {
  processTrust = source;
}

/** The process-wide trust, read at each request (so it follows the settings). */
export const processTrustSource: TrustSource = () => processTrust();
