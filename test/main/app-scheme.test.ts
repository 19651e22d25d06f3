import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAppRequestHandler,
  rendererPathOf,
  resolveRendererFile,
} from '../../main/shell/window/app-scheme';

// The app:// scheme on a real folder: a built renderer with, beside it, files it must never serve.
const SECRET = 'the merchant secret beside the renderer folder';
const EXPECTED_HEADER =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let base: string;
let root: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'wt-app-scheme-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>ours</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'export {}');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(join(root, 'assets', 'data.bin'), 'x');
  await writeFile(join(base, 'secret.txt'), SECRET);
  // Symlinks inside the folder: one out of it (refused), one within it (served).
  await symlink(join(base, 'secret.txt'), join(root, 'escape.txt'));
  await symlink(join(base), join(root, 'up'));
  await symlink(join(root, 'index.html'), join(root, 'alias.html'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('rendererPathOf (which file an app:// URL names)', () => {
  it('maps our URLs to paths inside the folder, the root to index.html, ignoring query and hash', () => {
    expect(rendererPathOf('app://renderer/')).toBe('index.html');
    expect(rendererPathOf('app://renderer')).toBe('index.html');
    expect(rendererPathOf('app://renderer/index.html')).toBe('index.html');
    expect(rendererPathOf('app://renderer/assets/index-abc.js?v=1#x')).toBe('assets/index-abc.js');
    expect(rendererPathOf('app://renderer/my%20file.js')).toBe('my file.js');
    // Dot segments, encoded or not, are resolved by the URL parser and cannot climb above the root.
    expect(rendererPathOf('app://renderer/a/../../secret.txt')).toBe('secret.txt');
    expect(rendererPathOf('app://renderer/%2e%2e/.%2e/secret.txt')).toBe('secret.txt');
  });

  it('refuses other schemes, hosts, ports and user info', () => {
    for (const url of [
      'file:///etc/passwd',
      'http://renderer/index.html',
      'app://other/index.html',
      'app://renderer.evil/index.html',
      'app://renderer:8080/index.html',
      'app://user@renderer/index.html',
      'app:index.html',
      'not a url',
    ]) {
      expect(rendererPathOf(url), url).toBeNull();
    }
  });

  it('refuses every way of naming a parent folder or an absolute path, plain or encoded', () => {
    for (const url of [
      'app://renderer/..%2fsecret.txt',
      'app://renderer/..%2Fsecret.txt',
      'app://renderer/assets/..%5c..%5csecret.txt',
      'app://renderer/assets\\..\\..\\secret.txt',
      'app://renderer/%2e%2e%2fsecret.txt',
      'app://renderer/%2fetc%2fpasswd',
      'app://renderer//etc/passwd',
      'app://renderer/C:%5cWindows%5cwin.ini',
      'app://renderer/C:/Windows/win.ini',
      'app://renderer/index.html%00.js',
      'app://renderer/%E0%A4%A',
      'app://renderer/assets/',
    ]) {
      expect(rendererPathOf(url), url).toBeNull();
    }
  });
});

describe('resolveRendererFile (the real file, never outside the folder)', () => {
  it('finds files of the folder, following symlinks that stay inside', async () => {
    expect(await resolveRendererFile(root, 'assets/index-abc.js')).toMatch(/assets[/\\]index-abc\.js$/);
    expect(await resolveRendererFile(root, 'alias.html')).toMatch(/renderer[/\\]index\.html$/);
  });

  it('refuses a symlink out of the folder, a folder, and a missing file', async () => {
    expect(await resolveRendererFile(root, 'escape.txt')).toBeNull();
    expect(await resolveRendererFile(root, 'up/secret.txt')).toBeNull();
    expect(await resolveRendererFile(root, 'assets')).toBeNull();
    expect(await resolveRendererFile(root, 'missing.js')).toBeNull();
  });
});

describe('createAppRequestHandler (the Response Electron gets)', () => {
  const handler = () => createAppRequestHandler(root);

  it('serves a file with its type, nosniff and the whole CSP (frame-ancestors included) as a header', async () => {
    const response = await handler()(new Request('app://renderer/index.html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<!doctype html><title>ours</title>');
    expect(response.headers.get('content-security-policy')).toBe(EXPECTED_HEADER);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const types: [string, string][] = [
      ['app://renderer/', 'text/html; charset=utf-8'],
      ['app://renderer/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://renderer/assets/index-abc.css', 'text/css; charset=utf-8'],
      ['app://renderer/assets/logo.svg', 'image/svg+xml'],
      ['app://renderer/assets/data.bin', 'application/octet-stream'],
    ];
    for (const [url, type] of types) {
      const each = await handler()(new Request(url));
      expect(each.headers.get('content-type'), url).toBe(type);
      expect(each.headers.get('content-security-policy'), url).toBe(EXPECTED_HEADER);
    }
  });

  it('answers 404 (and never the secret) for traversal, symlinks out, other hosts and missing files', async () => {
    for (const url of [
      'app://renderer/../secret.txt',
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/..%2fsecret.txt',
      'app://renderer/assets/..%5c..%5csecret.txt',
      'app://renderer/escape.txt',
      'app://renderer/up/secret.txt',
      'app://other/secret.txt',
      'app://renderer/missing.js',
    ]) {
      const response = await handler()(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain(SECRET);
    }
  });

  it('refuses methods other than GET and HEAD; HEAD has headers and no body', async () => {
    const post = await handler()(new Request('app://renderer/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    const head = await handler()(new Request('app://renderer/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await head.text()).toBe('');
  });
});
