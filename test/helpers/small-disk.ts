import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A small file system mounted for a test, or why none could be. */
export type SmallDisk = { readonly dir: string; unmount(): Promise<void> } | { readonly skipped: string };

/**
 * Mounts a tmpfs of `size` (e.g. `5m`) on a fresh temporary folder, as the author put
 * Sluice's data folder on a 5 MB file system. Needs root (CI runs as root); elsewhere resolves
 * with the reason, and the test skips itself saying so.
 *
 * @example
 * ```ts
 * const disk = await mountSmallDisk('5m');
 * if ('skipped' in disk) return ctx.skip(disk.skipped);
 * await disk.unmount();
 * ```
 */
export async function mountSmallDisk(size: string): Promise<SmallDisk> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    return { skipped: `cannot mount a ${size} tmpfs here (${(error as Error).message.split('\n')[0]}); the portable queue-full tests carry the assertions` };
  }
  return {
    dir,
    async unmount() {
      await run('umount', ['-l', dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
