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
  /** How many versions each secret has: 1 as created (the stack's generated placeholder), +1 per `PutSecretValue`. */
  readonly versions: Readonly<Record<string, number>>;
  close(): Promise<void>;
}

/**
 * A Secrets Manager stand-in on 127.0.0.1 speaking the service's wire protocol (JSON 1.1,
 * `X-Amz-Target: secretsmanager.GetSecretValue`, `PutSecretValue` and `DescribeSecret`) to the
 * real SDK client. Answers are shaped like the examples in AWS's API reference; an unknown secret
 * gets `ResourceNotFoundException`. A seeded secret has one version, as CloudFormation creates
 * one with `GenerateSecretString`; `PutSecretValue` adds a version (moving `AWSPREVIOUS` onto
 * the old one, as AWS does) whose value `GetSecretValue` answers, and `DescribeSecret` lists the
 * staged versions in `VersionIdsToStages`.
 *
 * @example
 * ```ts
 * const secrets = await startSecretsManagerStandIn({ [arn]: 'whsec_…' });
 * ```
 */
export async function startSecretsManagerStandIn(seeded: Readonly<Record<string, string>>): Promise<SecretsManagerStandIn> {
  const requests: SecretRequest[] = [];
  const secrets: Record<string, string> = { ...seeded };
  const versions: Record<string, number> = Object.fromEntries(Object.keys(seeded).map((arn) => [arn, 1]));
  const versionId = (n: number): string => `EXAMPLE${n}-90ab-cdef-fedc-ba987EXAMPLE`;
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
      if (!['secretsmanager.GetSecretValue', 'secretsmanager.PutSecretValue', 'secretsmanager.DescribeSecret'].includes(target))
        return reply(400, { __type: 'InvalidRequestException', message: `unsupported ${target}` });
      const value = secrets[secretId];
      if (value === undefined) return reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      const name = secretId
        .split(':')
        .at(-1)
        ?.replace(/-[A-Za-z0-9]{6}$/, '');
      const count = versions[secretId]!;
      if (target === 'secretsmanager.PutSecretValue') {
        secrets[secretId] = input.SecretString ?? '';
        versions[secretId] = count + 1;
        return reply(200, { ARN: secretId, Name: name, VersionId: versionId(count + 1), VersionStages: ['AWSCURRENT'] });
      }
      if (target === 'secretsmanager.DescribeSecret') {
        // Only staged versions are listed: the current one and, once replaced, the previous one.
        const staged: Record<string, string[]> = { [versionId(count)]: ['AWSCURRENT'] };
        if (count > 1) staged[versionId(count - 1)] = ['AWSPREVIOUS'];
        return reply(200, { ARN: secretId, Name: name, Description: 'Sluice: signing secret', VersionIdsToStages: staged, CreatedDate: 1_523_477_145.713 });
      }
      reply(200, {
        ARN: secretId,
        Name: name,
        SecretString: value,
        VersionId: versionId(count),
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
    versions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
