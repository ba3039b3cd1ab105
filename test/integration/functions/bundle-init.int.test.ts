import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** Packages whose evaluation cost more than the SQS client's import (issue 12 §4). */
const HEAVY = ['zod', 'yaml', 'picomatch', 'undici'];

/** The packages a function's bundle evaluates at init: those its entry reaches by static imports. */
async function packagesAtInit(name: string): Promise<Set<string>> {
  const entry = `src/functions/${name}-function.ts`;
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    external: ['@aws-sdk/*'],
    define: { __SLUICE_VERSION__: '"test"' },
    write: false,
    metafile: true,
    outfile: 'index.mjs',
    logLevel: 'error',
  });
  const reached = new Set([entry]);
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      // A dynamic import() is evaluated when it runs, not at init.
      if (imported.external || imported.kind === 'dynamic-import' || reached.has(imported.path)) continue;
      reached.add(imported.path);
      pending.push(imported.path);
    }
  }
  const packages = [...reached].map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]).filter((name) => name !== undefined);
  return new Set(packages);
}

describe.each(['proxy', 'forwarder'])('Lambda bundle: the %s function', (name) => {
  it('evaluates no zod, yaml, picomatch or undici at init', async () => {
    // Act
    const packages = await packagesAtInit(name);

    // Assess
    expect(HEAVY.filter((heavy) => packages.has(heavy))).toEqual([]);
  });
});

/**
 * The packages a built bundle imports statically from outside itself (the runtime's AWS SDK),
 * following its static imports of its own chunks: what Node loads before init can start.
 */
async function externalImportsAtInit(entry: string): Promise<Set<string>> {
  // esbuild reads the built files back: their import statements, not strings that look like them.
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const found = new Set<string>();
  const root = Object.keys(metafile.inputs).find((file) => entry.endsWith(file.replace(/^(\.\.\/)+/, '/')));
  const pending = root === undefined ? [] : [root];
  const seen = new Set(pending);
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      // A dynamic import() is evaluated when it runs, not at init.
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) {
        if (!imported.path.startsWith('node:')) found.add(imported.path);
      } else if (!seen.has(imported.path)) {
        seen.add(imported.path);
        pending.push(imported.path);
      }
    }
  }
  if (root === undefined) throw new Error(`esbuild did not read ${entry}`);
  return found;
}

describe('Lambda bundles as built', () => {
  let outdir: string;

  beforeAll(async () => {
    // A folder of its own: other test files rebuild dist-lambda/ at the same time.
    outdir = await mkdtemp(join(tmpdir(), 'sluice-bundles-'));
    const { buildLambda } = (await import(`${ROOT}scripts/build-lambda.mjs`)) as { buildLambda: (options: { outdir: string }) => Promise<unknown> };
    await buildLambda({ outdir });
  });

  afterAll(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  it.each(['proxy', 'forwarder', 'jwt-authorizer'])(
    'the %s function imports no AWS SDK package statically (each is loaded with import() on first use)',
    async (name) => {
      // Act
      const imported = await externalImportsAtInit(join(outdir, name, 'index.mjs'));

      // Assess: a single-file bundle hoists a lazily loaded module's SDK imports to its top, so the
      // forwarder loaded the Secrets Manager client at every init, with or without a secret.
      expect([...imported]).toEqual([]);
    },
  );
});
