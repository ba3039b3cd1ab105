import { createInterface } from 'node:readline/promises';
import { UsageError } from '../core/errors.js';
import type { CommandIo } from './command-io.js';

/**
 * Asks before a destructive action. `--yes` answers for the user; without a terminal to ask on
 * (a script, a pipe) and without `--yes` the action is refused with a `UsageError` (exit code 2)
 * that says how to confirm, rather than guessing either way.
 *
 * @returns true when confirmed, false when the user declined.
 * @example
 * ```ts
 * if (!(await confirm('Purge 3 dead letters permanently?', io, { yes: options.yes, action: 'purge 3 dead letters' }))) return;
 * ```
 */
export async function confirm(question: string, io: CommandIo, options: { yes?: boolean; action: string }): Promise<boolean> {
  if (options.yes) return true;
  if (!io.interactive) {
    throw new UsageError(`refusing to ${options.action} without confirmation: stdin is not a terminal; pass --yes to confirm`);
  }
  const prompt = createInterface({ input: io.stdin, output: io.stderr, terminal: false });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
