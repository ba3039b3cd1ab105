import type { LambdaClient } from '@aws-sdk/client-lambda';
import { AddPermissionCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { toAccessError } from '../aws/access-errors.js';
import { functionArnPart } from './plan.js';

/**
 * The statement id of an API's permission: one per API, so attach and detach find their own
 * and leave other statements of the function's policy alone.
 *
 * @example
 * ```ts
 * permissionStatementId('a1b2c3d4e5'); // 'sluice-attach-a1b2c3d4e5'
 * ```
 */
export function permissionStatementId(restApiId: string): string {
  return `sluice-attach-${restApiId}`;
}

/**
 * Lets the API invoke the function: one wildcard statement for every stage, method and path
 * of the API (one per method would hit the policy's 20 KB limit). `true` when added, `false`
 * when it was already there.
 *
 * @example
 * ```ts
 * await addInvokePermission(lambda, functionArn, 'a1b2c3d4e5');
 * ```
 */
export async function addInvokePermission(lambda: LambdaClient, functionArn: string, restApiId: string): Promise<boolean> {
  const region = functionArnPart(functionArn, 3);
  const account = functionArnPart(functionArn, 4);
  try {
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: functionArn,
        StatementId: permissionStatementId(restApiId),
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: `arn:aws:execute-api:${region}:${account}:${restApiId}/*`,
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceConflictException') return false;
    throw toAccessError(error, 'lambda', 'AddPermission', `lambda:AddPermission (${functionArn})`);
  }
}

/**
 * Removes the API's statement; one already gone is not an error.
 *
 * @example
 * ```ts
 * await removeInvokePermission(lambda, functionArn, 'a1b2c3d4e5');
 * ```
 */
export async function removeInvokePermission(lambda: LambdaClient, functionArn: string, restApiId: string): Promise<void> {
  try {
    await lambda.send(new RemovePermissionCommand({ FunctionName: functionArn, StatementId: permissionStatementId(restApiId) }));
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return;
    throw toAccessError(error, 'lambda', 'RemovePermission', `lambda:RemovePermission (${functionArn})`);
  }
}
