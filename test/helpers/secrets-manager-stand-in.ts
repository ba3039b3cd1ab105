import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One `GetSecretValue` call as the stand-in received it. */
export interface SecretRequest {
  readonly target: string;
  readonly secretId: string;
}

export interface SecretsManagerStandIn {
  /** `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  readonly endpoint: string;
  readonly requests: SecretRequest[];
  /** Each secret's current value (after any `PutSecretValue`). */
  readonly secrets: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * A Secrets Manager stand-in on 127.0.0.1 speaking the service's wire protocol (JSON 1.1,
 * `X-Amz-Target: secretsmanager.GetSecretValue` and `PutSecretValue`) to the real SDK client.
 * Answers are shaped like the examples in AWS's API reference; an unknown secret gets
 * `ResourceNotFoundException`. `PutSecretValue` replaces the value `GetSecretValue` answers.
 *
 * @example
 * ```ts
 * const secrets = await startSecretsManagerStandIn({ [arn]: 'whsec_…' });
 * ```
 */
export async function startSecretsManagerStandIn(seeded: Readonly<Record<string, string>>): Promise<SecretsManagerStandIn> {
  const requests: SecretRequest[] = [];
  const secrets: Record<string, string> = { ...seeded };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const input = JSON.parse(body || '{}') as { SecretId?: string; SecretString?: string };
      const secretId = input.SecretId ?? '';
      requests.push({ target, secretId });
      const reply = (status: number, payload: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${requests.length}` });
        response.end(JSON.stringify(payload));
      };
      if (target !== 'secretsmanager.GetSecretValue' && target !== 'secretsmanager.PutSecretValue')
        return reply(400, { __type: 'InvalidRequestException', message: `unsupported ${target}` });
      const value = secrets[secretId];
      if (value === undefined) return reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      const name = secretId
        .split(':')
        .at(-1)
        ?.replace(/-[A-Za-z0-9]{6}$/, '');
      if (target === 'secretsmanager.PutSecretValue') {
        secrets[secretId] = input.SecretString ?? '';
        return reply(200, { ARN: secretId, Name: name, VersionId: 'EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE', VersionStages: ['AWSCURRENT'] });
      }
      reply(200, {
        ARN: secretId,
        Name: name,
        SecretString: value,
        VersionId: 'EXAMPLE1-90ab-cdef-fedc-ba987SECRET1',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_523_477_145.713,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    secrets,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
