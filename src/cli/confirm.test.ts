import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from './command-io.js';
import { confirm } from './confirm.js';

function io(answer: string | undefined, interactive: boolean): CommandIo {
  const stdin = new PassThrough();
  if (answer !== undefined) stdin.end(answer);
  return { stdout: new PassThrough(), stderr: new PassThrough(), stdin, interactive, stdoutIsTty: false, stderrIsTty: false };
}

describe('Function: confirm', () => {
  it.each([
    { answer: 'y\n', expected: true },
    { answer: 'YES\n', expected: true },
    { answer: 'n\n', expected: false },
    { answer: '\n', expected: false },
    { answer: 'yep\n', expected: false },
  ])('reads $answer as $expected', async ({ answer, expected }) => {
    // Act
    const result = await confirm('Purge?', io(answer, true), { action: 'purge' });

    // Assess
    expect(result).toBe(expected);
  });

  it('takes --yes without asking', async () => {
    // Act & Assess
    expect(await confirm('Purge?', io(undefined, false), { yes: true, action: 'purge' })).toBe(true);
  });

  it('refuses without a terminal to ask on', async () => {
    // Act & Assess
    await expect(confirm('Purge?', io(undefined, false), { action: 'purge 3 dead letters' })).rejects.toMatchObject({
      name: 'UsageError',
      code: 'SLUICE_USAGE',
    });
  });
});
