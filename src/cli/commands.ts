import type { Command } from 'commander';

/**
 * Every subcommand, one file each. Each `register*` adds its command with options, help text
 * and examples.
 */
export function registerCommands(program: Command): void {
  void program;
}
