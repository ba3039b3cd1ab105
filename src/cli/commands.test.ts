import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from './commands.js';

/** Every command of the tree, with its full name (`dlq purge`). */
function commandsOf(command: Command, prefix = ''): { name: string; command: Command }[] {
  return command.commands.flatMap((child) => {
    const name = `${prefix}${child.name()}`;
    return [{ name, command: child }, ...commandsOf(child, `${name} `)];
  });
}

function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk), writeErr: (chunk) => (text += chunk) });
  command.outputHelp();
  return text;
}

const program = new Command('sluice');
registerCommands(program);
const commands = commandsOf(program);

describe('Command line: --help', () => {
  it('covers every command', () => {
    expect(commands.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'serve',
        'gateway',
        'forward',
        'status',
        'dlq',
        'dlq list',
        'dlq show',
        'dlq redrive',
        'dlq purge',
        'config',
        'config check',
        'synth',
        'attach',
        'detach',
      ]),
    );
  });

  it.each(commands)('#10 - `sluice $name --help` ends with examples of itself', ({ name, command }) => {
    // Act
    const help = helpOf(command);

    // Assess
    expect(help).toContain('\nExamples:\n');
    expect(help).toContain(`$ sluice ${name}`);
  });

  it.each(commands.filter(({ name }) => ['serve', 'gateway', 'forward'].includes(name)))('`sluice $name` takes --log-level and --log-format', ({ command }) => {
    expect(command.options.map((option) => option.long)).toEqual(expect.arrayContaining(['--log-level', '--log-format']));
  });
});
