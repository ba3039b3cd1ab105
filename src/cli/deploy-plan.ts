import type { StackChanges } from './deploy-toolkit.js';
import { formatTable } from './table.js';

const ACTION_WORDS = { add: 'add', update: 'update', replace: 'REPLACE', remove: 'REMOVE' } as const;

/**
 * The stacks' changes as a table, one row per resource, then a count per stack (a stack with
 * nothing to change says so), then every IAM and security group change, one a line: these are
 * what the person approves, and the CDK deploys only those (see `cdk-approvals.ts`).
 *
 * @example
 * ```ts
 * formatStackChanges([{ stack: 'sluice-forwarder', changes: [{ logicalId: 'Queue', resourceType: 'AWS::SQS::Queue', action: 'add' }] }]);
 * // "STACK             CHANGE  TYPE             RESOURCE\nsluice-forwarder  add     AWS::SQS::Queue  Queue\nsluice-forwarder: 1 to add, 0 to update, 0 to replace, 0 to remove"
 * ```
 */
export function formatStackChanges(stacks: readonly StackChanges[]): string {
  const rows: string[][] = [['STACK', 'CHANGE', 'TYPE', 'RESOURCE']];
  const summaries: string[] = [];
  for (const { stack, changes } of stacks) {
    for (const change of changes) rows.push([stack, ACTION_WORDS[change.action], change.resourceType, change.logicalId]);
    const count = (action: keyof typeof ACTION_WORDS): number => changes.filter((change) => change.action === action).length;
    summaries.push(
      changes.length === 0
        ? `${stack}: no changes`
        : `${stack}: ${count('add')} to add, ${count('update')} to update, ${count('replace')} to replace, ${count('remove')} to remove`,
    );
  }
  const security = stacks.flatMap(({ stack, securityChanges = [] }) => securityChanges.map((line) => `  ${stack}: ${line}`));
  return [
    ...(rows.length > 1 ? [formatTable(rows)] : []),
    ...summaries,
    ...(security.length > 0 ? [`Security changes (IAM, security groups) to approve:`, ...security] : []),
  ].join('\n');
}

/**
 * How many IAM and security group changes the plan holds, for the question that approves it.
 *
 * @example
 * ```ts
 * countSecurityChanges([{ stack: 'sluice-forwarder', changes: [], securityChanges: ['IAM + Allow sqs:SendMessage on ${Queue.Arn}'] }]); // 1
 * ```
 */
export function countSecurityChanges(stacks: readonly StackChanges[]): number {
  return stacks.reduce((count, { securityChanges = [] }) => count + securityChanges.length, 0);
}
