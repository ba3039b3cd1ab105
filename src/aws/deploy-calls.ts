import { sdkClientConfig } from './client-options.js';
import { toAccessError } from './access-errors.js';

/** The AWS calls of `sluice deploy` besides the stacks and attach. */
export interface DeployCallOptions {
  readonly region: string;
}

/** A REST API of the account, as `sluice deploy` lists them to pick from. */
export interface RestApiSummary {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
}

/*
 * No `endpoint` is passed to these clients: the SDK's own resolution reads
 * `AWS_ENDPOINT_URL_<SERVICE>` and `AWS_ENDPOINT_URL`, so stand-ins and VPC endpoints are
 * chosen the way every AWS tool chooses them.
 */

/**
 * Who the credentials belong to (STS GetCallerIdentity, which needs no permission): the check
 * that fails early and clearly when there are no credentials at all.
 *
 * @throws AwsAccessError when there are no valid credentials.
 * @example
 * ```ts
 * const { account } = await callerIdentity({ region: 'eu-west-1' });
 * ```
 */
export async function callerIdentity(options: DeployCallOptions): Promise<{ account: string; arn: string }> {
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const client = new STSClient(sdkClientConfig(options));
  try {
    const answer = await client.send(new GetCallerIdentityCommand({}));
    return { account: answer.Account ?? '', arn: answer.Arn ?? '' };
  } catch (error) {
    throw toAccessError(error, 'sts', 'GetCallerIdentity', 'sts:GetCallerIdentity');
  } finally {
    client.destroy();
  }
}

/**
 * Every REST API of the region (GetRestApis, paginated), for the user to pick one.
 *
 * @throws AwsAccessError when `apigateway:GET` on `/restapis` is denied.
 * @example
 * ```ts
 * const apis = await listRestApis({ region: 'eu-west-1' }); // [{ id: 'a1b2c3d4e5', name: 'shop' }]
 * ```
 */
export async function listRestApis(options: DeployCallOptions): Promise<RestApiSummary[]> {
  const { APIGatewayClient, GetRestApisCommand } = await import('@aws-sdk/client-api-gateway');
  const client = new APIGatewayClient(sdkClientConfig(options));
  const apis: RestApiSummary[] = [];
  try {
    let position: string | undefined;
    do {
      const page = await client.send(new GetRestApisCommand({ limit: 500, ...(position !== undefined && { position }) }));
      for (const item of page.items ?? [])
        if (item.id !== undefined)
          apis.push({ id: item.id, name: item.name ?? item.id, ...(item.description !== undefined && { description: item.description }) });
      position = page.position;
    } while (position !== undefined && position !== '');
    return apis;
  } catch (error) {
    throw toAccessError(error, 'apigateway', 'GetRestApis', 'apigateway:GET (arn:aws:apigateway:REGION::/restapis)');
  } finally {
    client.destroy();
  }
}

/**
 * How many messages a queue holds (visible, in flight and delayed: SQS's approximate counts),
 * which `sluice deploy --destroy` checks on the DLQ before deleting it.
 *
 * @throws AwsAccessError when `sqs:GetQueueAttributes` is denied.
 * @example
 * ```ts
 * await approximateMessageCount({ region: 'eu-west-1' }, dlqUrl); // 3
 * ```
 */
export async function approximateMessageCount(options: DeployCallOptions, queueUrl: string): Promise<number> {
  const { SQSClient, GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  // The endpoint the SDK resolved (AWS_ENDPOINT_URL_SQS included) wins over the queue URL's host,
  // which emulators and VPC endpoints do not serve.
  const client = new SQSClient({ ...sdkClientConfig(options), useQueueUrlAsEndpoint: false });
  try {
    const names = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [...names] }));
    return names.reduce((sum, name) => sum + Number(Attributes?.[name] ?? 0), 0);
  } catch (error) {
    throw toAccessError(error, 'sqs', 'GetQueueAttributes', 'sqs:GetQueueAttributes');
  } finally {
    client.destroy();
  }
}

/**
 * Stores the signing secret in the stack's Secrets Manager secret (PutSecretValue), so the value
 * never appears in a template, a stack parameter or the deploy's memory file.
 *
 * @throws AwsAccessError when `secretsmanager:PutSecretValue` is denied.
 * @example
 * ```ts
 * await putSecretValue({ region: 'eu-west-1' }, outputs.SigningSecretArn, 'whsec_…');
 * ```
 */
export async function putSecretValue(options: DeployCallOptions, secretArn: string, value: string): Promise<void> {
  const { SecretsManagerClient, PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient(sdkClientConfig(options));
  try {
    await client.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: value }));
  } catch (error) {
    throw toAccessError(error, 'secretsmanager', 'PutSecretValue', 'secretsmanager:PutSecretValue');
  } finally {
    client.destroy();
  }
}

/**
 * True when a value was stored in the stack's signing secret after CloudFormation created it,
 * read from DescribeSecret's staged versions (never the value itself).
 *
 * Why versions, not a tag or the value: the stack creates the secret with
 * `GenerateSecretString`, so it starts with exactly one version, staged `AWSCURRENT`, holding a
 * placeholder. Every later value (sluice's `PutSecretValue`, a person's `aws secretsmanager
 * put-secret-value`, a rotation) adds a version and moves `AWSPREVIOUS` onto the old one, and
 * Secrets Manager keeps every version that carries a staging label, so "more than one staged
 * version" holds for as long as the secret lives. A tag would need `secretsmanager:TagResource`,
 * could be reset by a stack update (CloudFormation owns the secret's tags) and would miss a
 * value put by hand; reading the value would need `secretsmanager:GetSecretValue` on the
 * deployer and could not tell a placeholder from a real secret anyway.
 *
 * @throws AwsAccessError when `secretsmanager:DescribeSecret` is denied.
 * @example
 * ```ts
 * await signingSecretStored({ region: 'eu-west-1' }, outputs.SigningSecretArn); // false right after the first stack deploy
 * ```
 */
export async function signingSecretStored(options: DeployCallOptions, secretArn: string): Promise<boolean> {
  const { SecretsManagerClient, DescribeSecretCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient(sdkClientConfig(options));
  try {
    const { VersionIdsToStages } = await client.send(new DescribeSecretCommand({ SecretId: secretArn }));
    const stages = Object.values(VersionIdsToStages ?? {});
    return stages.length > 1 || stages.some((labels) => labels.includes('AWSPREVIOUS'));
  } catch (error) {
    throw toAccessError(error, 'secretsmanager', 'DescribeSecret', 'secretsmanager:DescribeSecret');
  } finally {
    client.destroy();
  }
}
