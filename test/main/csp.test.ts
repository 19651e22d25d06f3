import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'";

describe('built renderer', () => {
  it('out/renderer/index.html carries the strict CSP meta (npm test builds before testing)', () => {
    const file = join(__dirname, '../../out/renderer/index.html');
    expect(existsSync(file), 'out/renderer/index.html is missing: run `npm run build` first').toBe(true);
    const html = readFileSync(file, 'utf8');
    const metas = [
      ...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi),
    ];
    expect(metas).toHaveLength(1);
    const policy = metas[0]![1]!.replace(/\s+/g, ' ').trim();
    expect(policy).toBe(STRICT_CSP);
    // Chromium ignores frame-ancestors in a meta tag and logs an error: it is sent as a header only.
    expect(policy).not.toContain('frame-ancestors');
    // Nothing the CSP would have to allow: no inline scripts or styles, no remote resources.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
  });

  it('renderer/index.html writes no policy of its own: the build puts the one from main/common there', () => {
    const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8');
    expect(html).toMatch(
      /<meta\s+http-equiv="Content-Security-Policy"\s+content="__WT_CONTENT_SECURITY_POLICY__"/,
    );
    expect(html).not.toContain('default-src');
  });
});
