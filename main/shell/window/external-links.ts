import { shell } from 'electron';
import { isAllowedExternalUrl } from '../../common/external-links';

/**
 * Opens a URL in the merchant's browser only when it is on the allowlist; everything else is
 * refused and logged (without the URL's query, which could carry tokens).
 */
export async function openExternalSafely(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) {
    let shown = '(unparsable URL)';
    try {
      const parsed = new URL(url);
      shown = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
    } catch {
      // keep the placeholder
    }
    console.warn(`external-links: refused to open ${shown}: not on the allowlist`);
    return false;
  }
  await shell.openExternal(url);
  return true;
}
