#!/usr/bin/env node
// Bundles each Lambda function in src/functions/ into dist-lambda/<name>/ (SPEC §5): a minified
// ESM entry, index.mjs, for the nodejs22.x runtime, and in chunks/ the code it loads on first use.
// The AWS SDK v3 is left out: the runtime ships it, and the handlers load it with import() only
// when needed, so the bundles stay small and start fast. Prints each bundle's size. `sluice synth` imports buildLambda() to build
// the bundles when a checkout has none yet.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { build } from 'esbuild';

const FUNCTIONS = ['proxy', 'forwarder', 'jwt-authorizer'];
const root = new URL('../', import.meta.url);

/**
 * Builds dist-lambda/ (or `outdir`, for tests that must not race over the shared folder) from
 * scratch and resolves with each bundle's path and size in bytes.
 * @param {{ outdir?: string }} [options]
 * @returns {Promise<Array<{ file: string, bytes: number }>>}
 */
export async function buildLambda(options = {}) {
  const outdir = options.outdir ?? fileURLToPath(new URL('dist-lambda/', root));
  const { version } = JSON.parse(await readFile(new URL('package.json', root), 'utf8'));
  await rm(outdir, { recursive: true, force: true });
  const results = await Promise.all(FUNCTIONS.map((name) => buildFunction(name, join(outdir, name), version)));
  return results.flatMap((result) => Object.entries(result.metafile.outputs).map(([file, output]) => ({ file, bytes: output.bytes })));
}

/**
 * One function into its own folder (the CDK asset): `index.mjs` and, with code splitting, a chunk
 * per dynamic import(). What a function loads only on first use (undici for a delivery, the
 * Secrets Manager provider when a secret is named) is then neither read nor parsed at init, and
 * the packages such a chunk imports from the runtime's AWS SDK are not hoisted into `index.mjs`
 * as static imports, which a single-file bundle does (issue 12 §4).
 */
function buildFunction(name, outdir, version) {
  return build({
    absWorkingDir: fileURLToPath(root),
    entryPoints: { index: `src/functions/${name}-function.ts` },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    legalComments: 'none',
    external: ['@aws-sdk/*'],
    define: { __SLUICE_VERSION__: JSON.stringify(version) },
    // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
    banner: { js: "import{createRequire as __sluiceRequire}from'node:module';const require=__sluiceRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { file, bytes } of await buildLambda()) console.log(`${file}  ${(bytes / 1024).toFixed(1)} KiB`);
}
