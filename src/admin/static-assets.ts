import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the bundled front end (`web/` → `dist/web/`), next to this module's folder. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));

/** The dashboard's files, by the path they are served at. */
export const DASHBOARD_FILES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
  '/favicon.svg': 'favicon.svg',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Everything the page may load comes from this listener: no inline script, no CDN, so it works
 * offline and an injected string in a captured record cannot run (the page also renders records
 * as text, never as HTML).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the bundled dashboard (`index.html`, `app.js`, `app.css`) with its content type, the
 * {@link CONTENT_SECURITY_POLICY} and no framing. Files are read once and kept: they are a few
 * tens of kilobytes. A missing build answers 503 naming the command that makes it.
 *
 * @example
 * ```ts
 * const assets = new StaticAssets();
 * for (const path of Object.keys(DASHBOARD_FILES)) admin.get(path, assets.handler);
 * ```
 */
export class StaticAssets {
  readonly #root: string;
  readonly #cache = new Map<string, Promise<Buffer>>();

  constructor(root = DEFAULT_WEB_ROOT) {
    this.#root = root;
  }

  readonly handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]!;
    const file = DASHBOARD_FILES[path];
    if (file === undefined) throw new TypeError(`not a dashboard file: ${path}`);
    let body: Buffer;
    try {
      body = await this.#read(file);
    } catch {
      this.#cache.delete(file);
      const text = `The dashboard is not built (no ${join(this.#root, file)}): run npm run build.\n`;
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(text);
      return;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      // Revalidate each load: a new version of Sluice must never run an old page against its API.
      'Cache-Control': 'no-cache',
    });
    res.end(body);
  };

  #read(file: string): Promise<Buffer> {
    let read = this.#cache.get(file);
    if (read === undefined) {
      read = readFile(join(this.#root, file));
      this.#cache.set(file, read);
    }
    return read;
  }
}
