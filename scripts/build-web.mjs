#!/usr/bin/env node
// Bundles the dashboard (web/) into dist/web/ (issue 14 §3): one ES module for the browser, its
// stylesheet, page and icon, all served by the admin listener itself, so the dashboard works
// offline and under a CSP that allows nothing but its own origin. Part of `npm run build`.
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath, URL } from 'node:url';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
const STATIC = ['index.html', 'app.css', 'favicon.svg'];

/** Builds dist/web/ and resolves with its files' sizes in bytes. */
export async function buildWeb() {
  const out = new URL('dist/web/', root);
  await mkdir(out, { recursive: true });
  const result = await build({
    absWorkingDir: fileURLToPath(root),
    entryPoints: { app: 'web/src/main.ts' },
    outdir: 'dist/web',
    bundle: true,
    platform: 'browser',
    // What the browsers of the last few years run, Debian's Chromium included.
    target: ['chrome110', 'firefox115', 'safari16'],
    format: 'esm',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  await Promise.all(STATIC.map((file) => copyFile(new URL(`web/${file}`, root), new URL(file, out))));
  return Object.entries(result.metafile.outputs).map(([file, output]) => ({ file, bytes: output.bytes }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWeb();
