import { sdkClientConfig, type AwsClientOptions } from './client-options.js';
import { toAccessError } from './access-errors.js';

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
