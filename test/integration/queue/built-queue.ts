import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The URL of the compiled queue module that child processes import. `npm test` builds before
 * running vitest; when a test file is run on its own with a missing or stale build, it builds
 * here (type errors elsewhere in the tree still emit, so they do not stop it).
 *
 * @example
 * ```ts
 * const moduleUrl = ensureQueueBuilt();
 * spawn(process.execPath, [fixture, moduleUrl, dbPath]);
 * ```
 */
export function ensureQueueBuilt(): string {
  const entry = join(ROOT, 'dist/queue/index.js');
  if (isStale()) {
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      if (!existsSync(entry)) throw error;
    }
  }
  return pathToFileURL(entry).href;
}

function isStale(): boolean {
  for (const folder of ['src/queue', 'src/core', 'src/telemetry']) {
    for (const name of readdirSync(join(ROOT, folder))) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      const built = join(ROOT, 'dist', folder.slice('src/'.length), name.replace(/\.ts$/, '.js'));
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(ROOT, folder, name)).mtimeMs) return true;
    }
  }
  return false;
}
