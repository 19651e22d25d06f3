import { AppError } from '../common/errors';

/** Where the credentials of a run came from: it decides where a message sends the person to fix them. */
export type CredentialSource =
  { type: 'environment' } | { type: 'profile'; name: string } | { type: 'profile-add' };

interface Field {
  mentioned: RegExp;
  environment: string;
  profileAdd: string;
}

const FIELDS: Field[] = [
  {
    mentioned: /\bbase URL\b/i,
    environment: '--base-url or WEBHOOK_TRAY_BASE_URL',
    profileAdd: '--base-url',
  },
  {
    mentioned: /\baccount id\b/i,
    environment: '--account or WEBHOOK_TRAY_ACCOUNT',
    profileAdd: '--account',
  },
  { mentioned: /\bAPI key\b/i, environment: 'WEBHOOK_TRAY_API_KEY', profileAdd: '--api-key' },
  { mentioned: /\bsecret\b/i, environment: 'WEBHOOK_TRAY_API_SECRET', profileAdd: 'the API secret' },
];

/** `"Live Shop"` for a name with spaces, so a command line copied from a message works. */
function argument(name: string): string {
  return /^[\w.@-]+$/.test(name) ? name : JSON.stringify(name);
}

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The fields a sentence names, else those of the whole message, else all of them. */
function fieldsNamed(sentence: string, message: string): Field[] {
  for (const text of [sentence, message]) {
    const named = FIELDS.filter((field) => field.mentioned.test(text));
    if (named.length > 0) return named;
  }
  return FIELDS;
}

/** "in the account settings" (the window's form) in the terms of where this run's credentials came from. */
function settingsPlace(source: CredentialSource, fields: Field[]): string {
  if (source.type === 'profile') return ` in profile ${argument(source.name)}`;
  if (source.type === 'profile-add') {
    return ` (${listed(fields.map((field) => field.profileAdd))} given to \`profile add\`)`;
  }
  return ` (${fields.map((field) => field.environment).join('; ')})`;
}

/**
 * The API client and the profile store word their advice for the window ("the account settings",
 * "Refresh the list"): the CLI says it with its own flags, variables and commands instead.
 */
export function inCliTerms(message: string, source: CredentialSource): string {
  let mentionedSettings = false;
  let text = message.replace(/ (?:in|into) the account settings\b/g, (_match, offset: number) => {
    mentionedSettings = true;
    const sentenceStart = message.lastIndexOf('. ', offset) + 1;
    return settingsPlace(source, fieldsNamed(message.slice(sentenceStart, offset), message));
  });
  const profile = source.type === 'profile' ? argument(source.name) : 'NAME';
  const replaceProfile = `remove the profile (\`webhook-tray profile remove ${profile}\`) and add it again (\`webhook-tray profile add\`)`;
  if (mentionedSettings && source.type === 'profile') text += ` To change a profile, ${replaceProfile}.`;
  return text
    .replace(
      /Enter the secret again in the profile settings, or remove the profile and add it again\./g,
      `To enter the secret again, ${replaceProfile}.`,
    )
    .replace(/Pick a subscription from the list\./g, 'Give --id REQUEST_ID (`webhook-tray list` shows them).')
    .replace(
      /(?:Refresh|Reload) the list: (\w)([^.]*)\./g,
      (_match, first: string, rest: string) =>
        `${first.toUpperCase()}${rest}; \`webhook-tray list\` shows what there is now.`,
    )
    .replace(/(?:Refresh|Reload) the list\b/g, 'Run `webhook-tray list`')
    .replace(/\brestart Webhook Tray\b/g, 'run webhook-tray again')
    .replace(/\bbefore starting Webhook Tray\b/g, 'before running webhook-tray')
    .replace(
      /choose its CA certificate file as the extra CA certificate in Settings\./g,
      'give its CA certificate file with --ca-file (or WEBHOOK_TRAY_CA_FILE, or NODE_EXTRA_CA_CERTS).',
    );
}

/** The one wording of a subscription id that is not there, for change and delete alike. */
export function subscriptionNotFound(requestId: string): AppError {
  return new AppError(
    'not-found',
    `There is no subscription ${requestId} on this account: it may have been deleted. See the current ones with \`webhook-tray list\`.`,
  );
}
