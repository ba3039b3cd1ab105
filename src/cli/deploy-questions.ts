import { UsageError } from '../core/errors.js';
import type { Prompter } from './deploy-prompter.js';

/** One question of `sluice deploy`: the flag that answers it, and what a valid answer is. */
export interface DeployQuestion {
  /** The flag that answers it without asking, as `--help` shows it. */
  readonly flag: string;
  readonly message: string;
  /** The answer when neither a flag, the memory nor the config gives one. */
  readonly builtin?: string;
  /** Whether "no answer" is an answer (the alarm e-mail). @default false */
  readonly optional?: boolean;
  /** An error message, or true when the value is fine. */
  readonly validate: (value: string) => string | true;
}

/** Where an answer may come from besides the person: highest first after the flag. */
export interface AnswerSources {
  readonly flag?: string | undefined;
  readonly remembered?: string | undefined;
  /** From sluice.yaml or the environment (AWS_REGION). */
  readonly fromConfig?: string | undefined;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every question but the REST API's (a list to pick from) and the signing secret's (a password). */
export const DEPLOY_QUESTIONS = {
  region: {
    flag: '--region',
    message: 'AWS region',
    validate: (value) => REGION.test(value) || 'expected an AWS region such as eu-west-1',
  },
  apiId: {
    flag: '--api-id',
    message: 'REST API id',
    validate: (value) => /^[a-z0-9]{10}$/.test(value) || 'expected a REST API id: 10 lower-case letters and digits, such as a1b2c3d4e5',
  },
  stage: {
    flag: '--stage',
    message: 'Stage to attach',
    builtin: 'prod',
    validate: (value) => /^[A-Za-z0-9_-]{1,128}$/.test(value) || 'expected a stage name: letters, digits, "-" and "_"',
  },
  project: {
    flag: '--project',
    message: 'Project name (prefix of the stacks and resources)',
    builtin: 'sluice',
    validate: (value) => /^[a-z][a-z0-9-]{0,39}$/.test(value) || 'expected 1-40 lower-case letters, digits or "-", starting with a letter',
  },
  destination: {
    flag: '--destination',
    message: 'Destination URL (where the records are delivered)',
    validate: (value) => isHttpUrl(value) || 'expected an http(s) URL such as https://hooks.example.com/ingest',
  },
  alarmEmail: {
    flag: '--alarm-email',
    message: 'Alarm e-mail (empty for none)',
    optional: true,
    validate: (value) => value === '' || EMAIL.test(value) || 'expected an e-mail address such as ops@example.com',
  },
} as const satisfies Record<string, DeployQuestion>;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Resolves one answer. A flag answers without asking (an invalid one is a `UsageError` naming
 * it). Otherwise the default is the remembered answer, else the config's, else the built-in
 * one: offered to the person when there is a `prompter`, taken as it is when there is none
 * (`--yes`), where a required question without any default is a `UsageError` naming its flag.
 *
 * @returns the answer, or undefined for an optional question left empty.
 * @throws UsageError (exit code 2) naming the flag.
 * @example
 * ```ts
 * await resolveAnswer(DEPLOY_QUESTIONS.stage, { remembered: 'prod' }, undefined); // 'prod'
 * await resolveAnswer(DEPLOY_QUESTIONS.destination, {}, undefined); // throws UsageError "--destination: required with --yes …"
 * ```
 */
export async function resolveAnswer(question: DeployQuestion, sources: AnswerSources, prompter: Prompter | undefined): Promise<string | undefined> {
  if (sources.flag !== undefined) {
    const verdict = question.validate(sources.flag);
    if (verdict !== true) throw new UsageError(`${question.flag}: ${verdict}, got ${JSON.stringify(sources.flag)}`);
    return sources.flag === '' ? undefined : sources.flag;
  }
  const fallback = sources.remembered ?? sources.fromConfig ?? question.builtin;
  if (prompter === undefined) {
    if (fallback !== undefined) {
      const verdict = question.validate(fallback);
      if (verdict !== true) throw new UsageError(`${question.flag}: the remembered ${JSON.stringify(fallback)} is not valid (${verdict}); pass the flag`);
      return fallback;
    }
    if (question.optional) return undefined;
    throw new UsageError(`${question.flag}: required with --yes (no answer remembered in deploy.json or given by the config)`);
  }
  const answer = (
    await prompter.input({
      message: question.message,
      ...(fallback !== undefined && { default: fallback }),
      validate: (value) => question.validate(value.trim()),
    })
  ).trim();
  return answer === '' ? undefined : answer;
}
