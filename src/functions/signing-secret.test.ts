import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { withSigningSecret } from './signing-secret.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice-signing-AbCdEf';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A Powertools provider over a real SDK client whose `send()` answers from a table. */
function stubbedProvider(secretString: string | undefined): { provider: () => SecretsProvider; sdk: ReturnType<typeof mockClient> } {
  const client = new SecretsManagerClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const sdk = mockClient(client);
  sdk.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ ARN, SecretString: secretString });
  const provider = new SecretsProvider({ awsSdkV3Client: client });
  return { provider: () => provider, sdk };
}

describe('Function: withSigningSecret', () => {
  it('reads the secret SLUICE_SIGNING_SECRET_ARN names and hands it to the configuration', async () => {
    // Prepare
    const { provider, sdk } = stubbedProvider(SECRET);

    // Act
    const env = await withSigningSecret({ SLUICE_SIGNING_SECRET_ARN: ARN }, { provider });

    // Assess
    expect(env.SLUICE_SIGNING_SECRET).toBe(SECRET);
    expect(sdk.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('reads it once while cached, however often it is asked', async () => {
    // Prepare
    const { provider, sdk } = stubbedProvider(SECRET);

    // Act
    await withSigningSecret({ SLUICE_SIGNING_SECRET_ARN: ARN }, { provider });
    await withSigningSecret({ SLUICE_SIGNING_SECRET_ARN: ARN }, { provider });

    // Assess
    expect(sdk.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('keeps several secrets separated by spaces (rotation) and prefixes a generated bare base64 value', async () => {
    // Prepare
    const { provider } = stubbedProvider(`${SECRET}  Zm9vYmFyYmF6cXV4cXV1eHg0NDQ0\n`);

    // Act
    const env = await withSigningSecret({ SLUICE_SIGNING_SECRET_ARN: ARN }, { provider });

    // Assess
    expect(env.SLUICE_SIGNING_SECRET).toBe(`${SECRET} whsec_Zm9vYmFyYmF6cXV4cXV1eHg0NDQ0`);
  });

  it('leaves the environment alone without the ARN, and never builds a client', async () => {
    // Prepare
    const env = { SLUICE_DESTINATION_URL: 'https://hooks.example.com/in' };

    // Act
    const result = await withSigningSecret(env, { provider: () => Promise.reject(new Error('no client expected')) });

    // Assess
    expect(result).toBe(env);
  });

  describe.each([
    { description: 'both variables set', env: { SLUICE_SIGNING_SECRET_ARN: ARN, SLUICE_SIGNING_SECRET: SECRET }, value: SECRET },
    { description: 'an empty secret', env: { SLUICE_SIGNING_SECRET_ARN: ARN }, value: '  ' },
    { description: 'a value that is not a Standard Webhooks secret', env: { SLUICE_SIGNING_SECRET_ARN: ARN }, value: 'whsec_short hunter2!' },
  ])('refuses $description, naming SLUICE_SIGNING_SECRET_ARN', ({ env, value }) => {
    it('throws a ConfigError without echoing the value', async () => {
      // Prepare
      const { provider } = stubbedProvider(value);

      // Act
      const attempt = withSigningSecret(env, { provider });

      // Assess
      await expect(attempt).rejects.toMatchObject({ code: 'SLUICE_CONFIG_INVALID', issues: [expect.objectContaining({ path: 'SLUICE_SIGNING_SECRET_ARN' })] });
      await expect(attempt).rejects.not.toThrow(/hunter2/);
    });
  });
});
