import type { Command } from 'commander';
import { registerConfig } from './config-check.js';
import { registerGateway } from './gateway.js';

/**
 * Every subcommand, one file each. Each `register*` adds its command with options, help text
 * and examples.
 */
export function registerCommands(program: Command): void {
  registerGateway(program);
  registerConfig(program);
}
