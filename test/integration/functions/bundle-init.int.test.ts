import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

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
