import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigError } from '../core/errors.js';

/** The part of Powertools' `SecretsProvider` the forwarder uses; tests pass one with a stubbed client. */
export type SecretSource = Pick<SecretsProvider, 'get'>;

export interface SigningSecretOptions {
  /**
   * Builds the provider. Loaded on demand, so a forwarder without a secret never pays for the
   * Secrets Manager client at init.
   * @default a Powertools `SecretsProvider` with the SDK's default client (region and endpoint from the environment)
   */
  readonly provider?: () => SecretSource | Promise<SecretSource>;
  /**
   * How long Powertools keeps the value in memory, in seconds. The forwarder reads it once per
   * execution environment, at init; a rotated secret reaches new environments.
   * @default 300
   */
  readonly maxAgeSeconds?: number;
}

const VARIABLE = 'SLUICE_SIGNING_SECRET_ARN';
/** Secrets Manager's generated passwords are bare base64 characters: the prefix is added. */
const BARE_BASE64 = /^[A-Za-z0-9+/=]{16,}$/;
const STANDARD_WEBHOOKS_SECRET = /^whsec_[A-Za-z0-9+/=]{16,}$/;

/**
 * Reads the forwarder's signing secret from AWS Secrets Manager when `SLUICE_SIGNING_SECRET_ARN`
 * names one (the deployed stacks never put a secret in a plain environment variable, where the
 * console and `GetFunctionConfiguration` would show it). The secret's value is one Standard
 * Webhooks secret (`whsec_…`), or several separated by spaces while rotating; a bare base64
 * value, as Secrets Manager generates, gets the `whsec_` prefix. Returns the environment with
 * `SLUICE_SIGNING_SECRET` set, for {@link configFromEnv}; without the ARN, the environment as it is.
 *
 * @throws ConfigError naming `SLUICE_SIGNING_SECRET_ARN` when both variables are set, the secret
 *   is empty or binary, or a value is not a Standard Webhooks secret (the value is never echoed).
 * @example
 * ```ts
 * const env = await withSigningSecret(process.env);
 * const config = configFromEnv(env, { queue: true, destination: true });
 * ```
 */
export async function withSigningSecret(env: NodeJS.ProcessEnv, options: SigningSecretOptions = {}): Promise<NodeJS.ProcessEnv> {
  const arn = env[VARIABLE];
  if (arn === undefined || arn === '') return env;
  if (env.SLUICE_SIGNING_SECRET !== undefined && env.SLUICE_SIGNING_SECRET !== '') {
    throw invalid('set either SLUICE_SIGNING_SECRET_ARN or SLUICE_SIGNING_SECRET, not both');
  }
  const provider = await (options.provider ?? defaultProvider)();
  const value = await provider.get(arn, { maxAge: options.maxAgeSeconds ?? 300 });
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`the secret ${arn} has no text value (SecretString)`);
  const secrets = value
    .trim()
    .split(/\s+/)
    .map((secret) => (BARE_BASE64.test(secret) ? `whsec_${secret}` : secret));
  if (!secrets.every((secret) => STANDARD_WEBHOOKS_SECRET.test(secret))) {
    throw invalid(`the secret ${arn} must hold Standard Webhooks secrets ("whsec_" followed by base64), separated by spaces`);
  }
  return { ...env, SLUICE_SIGNING_SECRET: secrets.join(' ') };
}

async function defaultProvider(): Promise<SecretSource> {
  const { SecretsProvider } = await import('@aws-lambda-powertools/parameters/secrets');
  return new SecretsProvider();
}

function invalid(message: string): ConfigError {
  return new ConfigError('the Lambda environment', [{ path: VARIABLE, message }]);
}
