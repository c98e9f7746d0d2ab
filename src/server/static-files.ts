import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { inlineBlocks, pagePolicy, type InlineHashes } from './security-headers.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Pages' inline blocks by path, valid while the file's mtime and size stay. */
const pageBlocks = new Map<string, { readonly stamp: string; readonly inline: InlineHashes }>();

/**
 * Serves the built web app. Hashed files under /assets/ are cached forever; pages are
 * revalidated and carry their Content-Security-Policy. Extension-less paths are app routes:
 * `/doctor` → doctor.html if it exists, anything else (`/`, `/r/<room>`) → index.html.
 */
export async function serveStatic(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
  /** Sources pages may connect to besides their own origin (CSP connect-src). */
  connect: readonly string[] = [],
  /** Origins that may frame the app page (index.html) itself; no other page is framed. */
  embedOrigins: readonly string[] = [],
): Promise<void> {
  const pathname = decodePath(request.url ?? '/');
  const file = pathname === null ? null : await resolveFile(root, pathname);
  if (file === null) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  const immutable = pathname?.startsWith('/assets/') === true;
  // The browser libraries are for other sites' pages (<script type="module"> from there is
  // a CORS request); they are public files, fetched without credentials.
  const library = pathname?.startsWith('/lib/') === true;
  const framedBy = file.path === join(root, 'index.html') ? embedOrigins : [];
  const policy =
    extname(file.path) === '.html'
      ? pagePolicy(await inlineBlocksOf(file), connect, framedBy)
      : null;
  // X-Frame-Options cannot name origins: the CSP's frame-ancestors says who may frame it.
  if (framedBy.length > 0) response.removeHeader('x-frame-options');
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream',
    'content-length': String(file.size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(policy === null ? {} : { 'content-security-policy': policy }),
    ...(library ? { 'access-control-allow-origin': '*' } : {}),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file.path)
    .on('error', () => response.destroy())
    .pipe(response);
}

async function inlineBlocksOf(file: {
  path: string;
  size: number;
  mtimeMs: number;
}): Promise<InlineHashes> {
  const stamp = `${String(file.mtimeMs)}:${String(file.size)}`;
  const cached = pageBlocks.get(file.path);
  if (cached?.stamp === stamp) return cached.inline;
  const inline = inlineBlocks(await readFile(file.path, 'utf8'));
  pageBlocks.set(file.path, { stamp, inline });
  return inline;
}

function decodePath(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url, 'http://local').pathname);
  } catch {
    return null;
  }
}

async function resolveFile(
  root: string,
  pathname: string,
): Promise<{ path: string; size: number; mtimeMs: number } | null> {
  const candidates =
    extname(pathname) === ''
      ? [join(pathname, 'index.html'), `${pathname}.html`, '/index.html']
      : [pathname];
  for (const candidate of candidates) {
    const path = normalize(join(root, candidate));
    // Never leave the root, whatever `..` or encoded separators the URL held.
    if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) continue;
    const info = await stat(path).catch(() => null);
    if (info?.isFile() === true) return { path, size: info.size, mtimeMs: info.mtimeMs };
  }
  return null;
}
