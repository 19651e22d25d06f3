import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../common/errors';
import { PROFILE_FIELDS } from '../accounts';
import type { Credentials } from '../api';
import { readSecretFile } from './secret-file';

/** One account of the accounts file, its secret read. */
export interface FileAccount {
  name: string;
  credentials: Credentials;
}

const KEYS = ['name', 'baseUrl', 'account', 'apiKey', 'apiSecretEnv', 'apiSecretFile'] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const entrySchema = z.strictObject({
  name: PROFILE_FIELDS.name,
  baseUrl: PROFILE_FIELDS.baseUrl,
  account: PROFILE_FIELDS.account,
  apiKey: PROFILE_FIELDS.apiKey,
  apiSecretEnv: z
    .string({ error: 'must be the name of an environment variable' })
    .regex(ENV_NAME, { error: 'must be the name of an environment variable (letters, digits, _)' })
    .optional(),
  apiSecretFile: z
    .string({ error: 'must be a file path' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .optional(),
});

type Entry = z.infer<typeof entrySchema>;

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `unknown key ${keys}: the keys are ${KEYS.join(', ')}`;
  }
  const key = issue.path[0];
  return typeof key === 'string' ? `${key}: ${issue.message}` : issue.message;
}

/** `entry 2 ("shop")`: by its position (from 1) and, when it has a usable one, its name. */
function entryLabel(raw: unknown, index: number): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.trim() !== ''
    ? `entry ${index + 1} ("${name.trim()}")`
    : `entry ${index + 1}`;
}

/** `${NAME}` in a path from the environment: how a systemd unit points at $CREDENTIALS_DIRECTORY. */
function expandVariables(path: string, env: NodeJS.ProcessEnv): string {
  return path.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
    const value = env[name];
    if (value === undefined || value === '') {
      throw new Error(`apiSecretFile: it uses \${${name}}, which is not set in the environment`);
    }
    return value;
  });
}

function secretOf(entry: Entry, env: NodeJS.ProcessEnv, folder: string): string {
  if (entry.apiSecretEnv !== undefined) {
    const value = env[entry.apiSecretEnv];
    if (value === undefined || value.trim() === '') {
      throw new Error(`apiSecretEnv: the environment variable ${entry.apiSecretEnv} is not set or empty`);
    }
    return value;
  }
  const path = expandVariables(entry.apiSecretFile ?? '', env);
  try {
    return readSecretFile(isAbsolute(path) ? path : resolve(folder, path));
  } catch (error) {
    throw new Error(`apiSecretFile: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The problems of one entry, or its account. */
function readEntry(raw: unknown, env: NodeJS.ProcessEnv, folder: string): FileAccount | string[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return [`expected a mapping with the keys ${KEYS.join(', ')}`];
  }
  if (Object.hasOwn(raw, 'apiSecret')) {
    return [
      'apiSecret is refused: a secret never goes in the accounts file. Use apiSecretEnv (the name of an ' +
        'environment variable holding it) or apiSecretFile (the path of a file holding it)',
    ];
  }
  const parsed = entrySchema.safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.map(issueText);
  const { apiSecretEnv, apiSecretFile } = raw as Record<string, unknown>;
  if ((apiSecretEnv === undefined) === (apiSecretFile === undefined)) {
    problems.push(
      'give exactly one of apiSecretEnv (an environment variable name) or apiSecretFile (a file path)',
    );
  }
  if (!parsed.success || problems.length > 0) return problems;
  const entry = parsed.data;
  let apiSecret: string;
  try {
    apiSecret = PROFILE_FIELDS.apiSecret.parse(secretOf(entry, env, folder));
  } catch (error) {
    const message =
      error instanceof z.ZodError ? error.issues.map((issue) => issue.message).join('; ') : String(error);
    return [message.replace(/^Error: /, '')];
  }
  const { name, baseUrl, account, apiKey } = entry;
  return { name, credentials: { baseUrl, account, apiKey, apiSecret } };
}

function parseText(path: string, text: string): unknown {
  try {
    return extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const kind = extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML';
    const why = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw new AppError('validation', `Accounts file ${path} is not valid ${kind}: ${why}`);
  }
}

/**
 * Reads the exporter's accounts file (JSON when it ends in .json, else YAML): a list of entries
 * with name, baseUrl, account, apiKey and exactly one of apiSecretEnv or apiSecretFile (a relative
 * path is taken from the file's folder; `${VAR}` in it comes from the environment). The field rules
 * are the profiles'. Any problem is a `validation` error naming each bad entry and field.
 */
export function loadAccountsFile(path: string, env: NodeJS.ProcessEnv): FileAccount[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new AppError(
      'validation',
      `Cannot read the accounts file ${path} (${code}): check --accounts-file.`,
    );
  }
  const document = parseText(path, text);
  if (!Array.isArray(document) || document.length === 0) {
    throw new AppError(
      'validation',
      `Accounts file ${path} must be a non-empty list of accounts, each with ${KEYS.slice(0, 4).join(', ')} ` +
        'and apiSecretEnv or apiSecretFile.',
    );
  }
  const problems: string[] = [];
  const accounts: FileAccount[] = [];
  const seen = new Map<string, number>();
  document.forEach((raw: unknown, index) => {
    const result = readEntry(raw, env, dirname(resolve(path)));
    const label = entryLabel(raw, index);
    if (Array.isArray(result)) {
      for (const problem of result) problems.push(`${label}: ${problem}`);
      return;
    }
    const key = result.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(
        `${label}: name: "${result.name}" is already the name of entry ${first + 1}; names must be unique`,
      );
      return;
    }
    seen.set(key, index);
    accounts.push(result);
  });
  if (problems.length > 0) {
    throw new AppError('validation', `Accounts file ${path}: ${problems.join('; ')}.`);
  }
  return accounts;
}
