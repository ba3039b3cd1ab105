import { sdkClientConfig, type AwsClientOptions } from './client-options.js';
import { toAccessError } from './access-errors.js';
import { awsErrorCode } from './aws-errors.js';

/**
 * A deployed CloudFormation stack's outputs by key (`DescribeStacks`): how attach finds the
 * proxy function and the control bucket the forwarder stack created.
 *
 * @throws AwsAccessError naming `cloudformation:DescribeStacks` when it is denied; AwsServiceError
 *   when the stack does not exist or the call fails.
 * @example
 * ```ts
 * const outputs = await readStackOutputs({ region: 'eu-west-1' }, 'sluice-forwarder');
 * outputs.ProxyFunctionArn; // 'arn:aws:lambda:eu-west-1:123456789012:function:…'
 * ```
 */
export async function readStackOutputs(options: AwsClientOptions, stackName: string): Promise<Record<string, string>> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient(sdkClientConfig(options));
  try {
    const answer = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs: Record<string, string> = {};
    for (const output of answer.Stacks?.[0]?.Outputs ?? [])
      if (output.OutputKey !== undefined && output.OutputValue !== undefined) outputs[output.OutputKey] = output.OutputValue;
    return outputs;
  } catch (error) {
    throw toAccessError(
      error,
      'cloudformation',
      'DescribeStacks',
      `cloudformation:DescribeStacks (arn:aws:cloudformation:REGION:ACCOUNT:stack/${stackName}/*)`,
    );
  } finally {
    client.destroy();
  }
}

/**
 * A stack's outputs when it is deployed, `undefined` when CloudFormation has no stack of that
 * name (AWS answers `ValidationError`, "Stack with id X does not exist"): how `sluice deploy`
 * learns what an earlier run created when no `.sluice/deploy.json` remembers it (a fresh CI
 * checkout).
 *
 * @throws AwsAccessError naming `cloudformation:DescribeStacks` when it is denied.
 * @example
 * ```ts
 * const outputs = await readDeployedStackOutputs({ region: 'eu-west-1' }, 'sluice-forwarder'); // undefined before the first deploy
 * ```
 */
export async function readDeployedStackOutputs(options: AwsClientOptions, stackName: string): Promise<Record<string, string> | undefined> {
  try {
    return await readStackOutputs(options, stackName);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (awsErrorCode(cause) === 'ValidationError' && /does not exist/.test((cause as Error).message)) return undefined;
    throw toAccessError(cause, 'cloudformation', 'DescribeStacks', `cloudformation:DescribeStacks (arn:aws:cloudformation:*:*:stack/${stackName}/*)`);
  }
}
