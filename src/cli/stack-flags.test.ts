import { Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { registerDeploy } from './deploy.js';
import { inTermsOfFlags, parseStackFlags } from './stack-flags.js';
import { registerSynth } from './synth.js';

/** What is each command's own: deploying and attaching for deploy, the output folder for synth. */
const DEPLOY_ONLY = ['--api-id', '--stage', '--data', '--destroy', '--force', '--yes', '--toolkit-module'];
const SYNTH_ONLY = ['--out'];

/** An option as `--help` presents it: name, value, default and text. */
function described(option: Option): { flags: string; description: string; defaultValue: unknown; hidden: boolean } {
  return { flags: option.flags, description: option.description, defaultValue: option.defaultValue as unknown, hidden: option.hidden };
}

describe('Module: the stack flags of sluice synth and sluice deploy', () => {
  it('are the same on both commands (name, default, help text) but for the options named as one command’s own', () => {
    // Prepare
    const program = new Command('sluice');
    registerSynth(program);
    registerDeploy(program);
    const optionsOf = (name: string, own: readonly string[]): ReturnType<typeof described>[] =>
      program.commands
        .find((command) => command.name() === name)!
        .options.filter((option) => !own.includes(option.long!))
        .map(described)
        .sort((a, b) => a.flags.localeCompare(b.flags));

    // Act
    const synth = optionsOf('synth', SYNTH_ONLY);
    const deploy = optionsOf('deploy', DEPLOY_ONLY);

    // Assess
    expect(synth).toEqual(deploy);
    expect(synth.map((option) => option.flags)).toEqual(expect.arrayContaining(['--project <name>', '--region <region>', '--example-api']));
  });
});

describe('Function: parseStackFlags', () => {
  it('parses the batch size and window, and leaves unset flags unset', () => {
    // Act
    const flags = parseStackFlags({ batchSize: '100', batchingWindow: '5s' });

    // Assess
    expect(flags).toEqual({ batchSize: 100, batchingWindowMs: 5_000, exampleApi: false });
  });

  it('takes an empty --alarm-email as none', () => {
    // Act
    const flags = parseStackFlags({ alarmEmail: '', exampleApi: true });

    // Assess
    expect(flags).toEqual({ exampleApi: true });
  });

  it('names every bad flag at once, with the rules of the deploy questions', () => {
    // Act
    const attempt = (): unknown =>
      parseStackFlags({ region: 'Mars', project: 'Shop', destination: 'ftp://x', alarmEmail: 'ops', batchSize: 'ten', batchingWindow: 'soon' });

    // Assess
    expect(attempt).toThrow(
      expect.objectContaining({
        code: 'SLUICE_USAGE',
        message: expect.stringMatching(/--region[\s\S]*--project[\s\S]*--destination[\s\S]*--alarm-email[\s\S]*--batch-size[\s\S]*--batching-window/),
      }),
    );
  });
});

describe('Function: inTermsOfFlags', () => {
  it('restates stack properties as the flags and keys a user sets', () => {
    // Prepare
    const error = new ConfigError('the forwarder stack', [
      { path: 'maxBatchingWindow', message: 'required' },
      { path: 'maxReceiveCount', message: 'too low' },
      { path: 'queueRetention', message: 'too short' },
    ]);

    // Act
    const restated = inTermsOfFlags(error, 'sluice.yaml');

    // Assess
    expect(restated).toMatchObject({
      file: 'sluice.yaml',
      issues: [{ path: '--batching-window' }, { path: 'queue.max_receive_count' }, { path: 'queueRetention' }],
    });
  });
});
