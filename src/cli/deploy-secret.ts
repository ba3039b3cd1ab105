import { randomBytes } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import type { Prompter } from './deploy-prompter.js';

/** What happens to the deployed signing secret. */
export type SigningSecretChoice =
  /** An existing Secrets Manager secret (`--signing-secret-arn`): the stack reads it, nothing is stored. */
  | { readonly kind: 'existing-arn'; readonly arn: string }
  /** Keep the value a previous deploy stored. */
  | { readonly kind: 'keep' }
  /** Store this value; `generated` ones are shown once at the end. */
  | { readonly kind: 'set'; readonly value: string; readonly generated: boolean };

const SECRET = /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/;

/**
 * A new Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64.
 *
 * @example
 * ```ts
 * generateSigningSecret(); // 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw…'
 * ```
 */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function checkSecret(value: string): string | true {
  return (
    value.split(' ').every((secret) => SECRET.test(secret)) || 'expected whsec_ and at least 24 bytes in base64 (several separated by spaces while rotating)'
  );
}

/**
 * Decides the signing secret: `--signing-secret-arn`, else the configuration's (sluice.yaml's
 * `destination.signing_secret` or `SLUICE_SIGNING_SECRET`), else the person's answer (asked
 * without echo; Enter generates one, or keeps the deployed one), else, with `--yes`, a new one
 * on a first deploy and the deployed one afterwards. `alreadySet` is asked only when the answer
 * depends on it (it reads AWS). Never stored by `sluice deploy` except in Secrets Manager.
 *
 * @throws UsageError when a given secret is not a `whsec_` secret.
 * @example
 * ```ts
 * await chooseSigningSecret({ fromConfig: [], alreadySet: async () => false }, undefined); // { kind: 'set', value: 'whsec_…', generated: true }
 * ```
 */
export async function chooseSigningSecret(
  sources: { arn?: string | undefined; fromConfig: readonly string[]; alreadySet: () => Promise<boolean> },
  prompter: Prompter | undefined,
): Promise<SigningSecretChoice> {
  if (sources.arn !== undefined) return { kind: 'existing-arn', arn: sources.arn };
  if (sources.fromConfig.length > 0) {
    const value = sources.fromConfig.join(' ');
    const verdict = checkSecret(value);
    if (verdict !== true) throw new UsageError(`destination.signing_secret (or SLUICE_SIGNING_SECRET): ${verdict}`);
    return { kind: 'set', value, generated: false };
  }
  const alreadySet = await sources.alreadySet();
  const fallback = (): SigningSecretChoice => (alreadySet ? { kind: 'keep' } : { kind: 'set', value: generateSigningSecret(), generated: true });
  if (prompter === undefined) return fallback();
  const typed = (
    await prompter.password({
      message: alreadySet ? 'Signing secret (whsec_…; Enter keeps the deployed one)' : 'Signing secret (whsec_…; Enter generates one)',
      validate: (value) => value.trim() === '' || checkSecret(value.trim()),
    })
  ).trim();
  return typed === '' ? fallback() : { kind: 'set', value: typed, generated: false };
}

/**
 * Whether the deployed forwarder stack's signing secret already holds a value sluice (or a
 * person) stored, asked of AWS rather than of `.sluice/deploy.json`, which a fresh CI checkout
 * does not have: a `--yes` run there must keep the secret the destination verifies with.
 * False when the stack does not exist yet or has no secret of its own in its outputs.
 *
 * @throws AwsAccessError naming `cloudformation:DescribeStacks` or `secretsmanager:DescribeSecret` when denied.
 * @example
 * ```ts
 * await deployedSigningSecretSet('eu-west-1', 'sluice'); // true after a first deploy stored one
 * ```
 */
export async function deployedSigningSecretSet(region: string, project: string): Promise<boolean> {
  const aws = await import('../aws/index.js');
  const outputs = await aws.readDeployedStackOutputs({ region }, `${project}-forwarder`);
  const arn = outputs?.SigningSecretArn;
  return arn !== undefined && (await aws.signingSecretStored({ region }, arn));
}
