import { ConfigError, UsageError } from '../core/errors.js';

/**
 * Exit codes (SPEC §6): 0 ok, 1 failure, 2 bad usage or config. A port that is taken or
 * privileged (`ListenError`) is the environment failing, not the configuration: 1, like a
 * queue that cannot be opened; the same file works on a machine where the port is free.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Maps an error that ended a command to its exit code. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ConfigError || error instanceof UsageError) return EXIT_USAGE;
  return EXIT_FAILURE;
}
