export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The rule the core applies before anything is sent: an absolute http(s) URL, and plain http only
 * for a receiver on this machine, since Calypso's deliveries carry payment data.
 */
export function checkWebhookUrl(text: string): UrlCheck {
  const value = text.trim();
  if (value === '') return { ok: false, message: 'Enter the URL where Calypso should send events.' };
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { ok: false, message: 'Enter an absolute URL, such as https://shop.example/webhooks/calypso.' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { ok: false, message: `The URL must start with https:// (not ${parsed.protocol}//).` };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, message: 'Remove the user name and password from the URL.' };
  }
  if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
    return {
      ok: false,
      message: 'Use https://. Plain http:// is only allowed for a receiver on this computer (localhost).',
    };
  }
  return { ok: true, url: value };
}
