import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDeployMemory, writeDeployMemory } from './deploy-memory.js';
import { formatStackChanges } from './deploy-plan.js';
import type { Prompter } from './deploy-prompter.js';
import { DEPLOY_QUESTIONS, resolveAnswer } from './deploy-questions.js';
import { chooseSigningSecret } from './deploy-secret.js';

/** A prompter that answers each input with the next scripted line (empty: accept the default). */
function scripted(lines: string[]): Prompter & { asked: { message: string; default?: string }[] } {
  const asked: { message: string; default?: string }[] = [];
  const next = (fallback?: string): string => {
    const line = lines.shift() ?? '';
    return line === '' ? (fallback ?? '') : line;
  };
  return {
    asked,
    input: (q) => (asked.push({ message: q.message, ...(q.default !== undefined && { default: q.default }) }), Promise.resolve(next(q.default))),
    password: (q) => (asked.push({ message: q.message }), Promise.resolve(next())),
    select: (q) => (asked.push({ message: q.message }), Promise.resolve(next(q.default))),
    confirm: () => Promise.resolve(next() === 'y'),
  };
}

describe('Function: resolveAnswer', () => {
  it('takes a flag without asking', async () => {
    // Prepare
    const prompter = scripted([]);

    // Act
    const answer = await resolveAnswer(DEPLOY_QUESTIONS.stage, { flag: 'live', remembered: 'prod' }, prompter);

    // Assess
    expect(answer).toBe('live');
    expect(prompter.asked).toEqual([]);
  });

  it('offers the remembered answer before the config and the built-in default', async () => {
    // Prepare
    const prompter = scripted(['']);

    // Act
    const answer = await resolveAnswer(DEPLOY_QUESTIONS.region, { remembered: 'eu-west-1', fromConfig: 'us-east-1' }, prompter);

    // Assess
    expect(answer).toBe('eu-west-1');
    expect(prompter.asked).toEqual([{ message: 'AWS region', default: 'eu-west-1' }]);
  });

  it('with --yes takes the default, and names the flag when a required answer has none', async () => {
    // Act
    const stage = await resolveAnswer(DEPLOY_QUESTIONS.stage, {}, undefined);
    const missing = resolveAnswer(DEPLOY_QUESTIONS.destination, {}, undefined);

    // Assess
    expect(stage).toBe('prod');
    await expect(missing).rejects.toMatchObject({ code: 'SLUICE_USAGE', message: expect.stringContaining('--destination') });
  });

  it('refuses an invalid flag, naming it', async () => {
    // Act
    const answer = resolveAnswer(DEPLOY_QUESTIONS.region, { flag: 'Europe' }, undefined);

    // Assess
    await expect(answer).rejects.toMatchObject({ code: 'SLUICE_USAGE', message: expect.stringContaining('--region') });
  });

  it('leaves an optional question empty', async () => {
    // Act
    const answer = await resolveAnswer(DEPLOY_QUESTIONS.alarmEmail, {}, undefined);

    // Assess
    expect(answer).toBeUndefined();
  });
});

describe('Function: chooseSigningSecret', () => {
  it('generates a secret on a first deploy and keeps the deployed one afterwards', async () => {
    // Act
    const first = await chooseSigningSecret({ fromConfig: [], alreadySet: () => Promise.resolve(false) }, undefined);
    const later = await chooseSigningSecret({ fromConfig: [], alreadySet: () => Promise.resolve(true) }, scripted(['']));

    // Assess
    expect(first).toMatchObject({ kind: 'set', generated: true, value: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) });
    expect(later).toEqual({ kind: 'keep' });
  });
});

describe('Function: formatStackChanges', () => {
  it('lists each resource change and counts them per stack', () => {
    // Act
    const text = formatStackChanges([
      { stack: 'sluice-forwarder', changes: [{ logicalId: 'Queue', resourceType: 'AWS::SQS::Queue', action: 'add' }] },
      { stack: 'sluice-example-api', changes: [] },
    ]);

    // Assess
    expect(text).toBe(
      'STACK             CHANGE  TYPE             RESOURCE\nsluice-forwarder  add     AWS::SQS::Queue  Queue\nsluice-forwarder: 1 to add, 0 to update, 0 to replace, 0 to remove\nsluice-example-api: no changes',
    );
  });
});

describe('Module: deploy memory', () => {
  it('round-trips the answers in a private file and refuses a file with a secret in it', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'sluice-deploy-memory-'));
    try {
      // Act
      const empty = await readDeployMemory(dir);
      await writeDeployMemory(dir, { version: 1, answers: { region: 'eu-west-1', project: 'shop' } });
      const read = await readDeployMemory(dir);

      // Assess
      expect(empty).toEqual({ version: 1, answers: {} });
      expect(read.answers).toEqual({ region: 'eu-west-1', project: 'shop' });
      expect(statSync(join(dir, 'deploy.json')).mode & 0o777).toBe(0o600);
      await expect(writeDeployMemory(dir, { version: 1, answers: { region: 'eu-west-1', signingSecret: 'whsec_x' } as never })).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
