import { urlIssue, type UrlIssue } from '../../../main/common/url-rules';

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** The shared URL rule, phrased for the webhook URL field. */
function message(issue: UrlIssue): string {
  switch (issue.code) {
    case 'not-absolute':
      return 'Enter an absolute URL, such as https://shop.example/webhooks/calypso.';
    case 'not-http':
      return `The URL must start with https:// (not ${issue.protocol}//).`;
    case 'has-credentials':
      return 'Remove the user name and password from the URL.';
    case 'insecure-http':
      return 'Use https://. Plain http:// is only allowed for a receiver on this computer (localhost).';
    case 'has-query-or-fragment':
      return 'Remove the query (?...) and fragment (#...) from the URL.';
  }
}

/** Checks the webhook URL field before anything is sent, with the rule main applies too. */
export function checkWebhookUrl(text: string): UrlCheck {
  const value = text.trim();
  if (value === '') return { ok: false, message: 'Enter the URL where Calypso should send events.' };
  const issue = urlIssue(value);
  return issue ? { ok: false, message: message(issue) } : { ok: true, url: value };
}
