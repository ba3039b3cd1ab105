import { closeSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { QueueFullReason } from '../../core/errors.js';

/** A marker not touched for this long belongs to a process that is gone (or stopped refusing and died). */
export const REFUSAL_MARKER_FRESH_MS = 10_000;

/**
 * A file beside the database, `<file>.refusing-<pid>`, that exists while this process refuses
 * new messages: how `sluice status`, run in its own process, learns that the gateway refuses
 * captures — its own look at the disk cannot tell (the gateway counts sends it has not
 * committed yet, and the size of the capture it refused). One file per process, so each
 * removes only its own; the owner touches it every second while refusing, so a marker left by
 * a killed process goes stale instead of raising the alarm for good.
 *
 * The file is created before its content is written: on a disk with no byte left, an empty
 * marker still says "refusing" (reason `disk`), since creating it takes no data block.
 *
 * @internal
 * @example
 * ```ts
 * const marker = new RefusalMarker('/var/lib/sluice/sluice.db');
 * marker.set('disk'); // … refusing …
 * marker.clear();
 * RefusalMarker.read('/var/lib/sluice/sluice.db'); // 'disk' | 'max_size' | null
 * ```
 */
export class RefusalMarker {
  readonly path: string;
  #reason: QueueFullReason | null = null;

  constructor(databasePath: string) {
    this.path = `${databasePath}.refusing-${process.pid}`;
  }

  /** Marks the refusal (written once per reason), or keeps an existing mark fresh. */
  set(reason: QueueFullReason): void {
    if (this.#reason === reason) return this.touch();
    this.#reason = reason;
    let fd: number | undefined;
    try {
      fd = openSync(this.path, 'w', 0o600);
      writeSync(fd, JSON.stringify({ reason, pid: process.pid, since: new Date().toISOString() }));
    } catch {
      // Out of space for the content (or the folder is gone): an empty marker still counts.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Keeps the mark fresh while refusing. */
  touch(): void {
    if (this.#reason === null) return;
    const now = new Date();
    try {
      utimesSync(this.path, now, now);
    } catch {
      // Removed by hand: written again at the next refusal.
      this.#reason = null;
    }
  }

  /** Removes the mark: this process accepts messages again (or closes). */
  clear(): void {
    if (this.#reason === null) return;
    this.#reason = null;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone.
    }
  }

  /**
   * Why some process refuses messages for the database at `databasePath`, from the fresh
   * markers beside it (`disk` wins over `max_size`; `except`, the caller's own, is skipped);
   * null when none does.
   */
  static read(databasePath: string, except?: string, now = Date.now()): QueueFullReason | null {
    const folder = dirname(databasePath);
    const prefix = `${basename(databasePath)}.refusing-`;
    let found: QueueFullReason | null = null;
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return null;
    }
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      const file = join(folder, name);
      if (file === except) continue;
      let text: string;
      try {
        if (now - statSync(file).mtimeMs > REFUSAL_MARKER_FRESH_MS) continue;
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // Removed meanwhile.
      }
      if (reasonIn(text) === 'disk') return 'disk';
      found = 'max_size';
    }
    return found;
  }
}

/** The reason a marker holds; an empty or half-written one was cut short by a full disk. */
function reasonIn(text: string): QueueFullReason {
  try {
    return (JSON.parse(text) as { reason?: unknown }).reason === 'max_size' ? 'max_size' : 'disk';
  } catch {
    return 'disk';
  }
}
