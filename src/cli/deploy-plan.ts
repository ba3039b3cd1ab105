import type { StackChanges } from './deploy-toolkit.js';
import { formatTable } from './table.js';

const ACTION_WORDS = { add: 'add', update: 'update', replace: 'REPLACE', remove: 'REMOVE' } as const;

/**
 * The stacks' changes as a table, one row per resource, then a count per stack; a stack with
 * nothing to change says so.
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
  return [...(rows.length > 1 ? [formatTable(rows)] : []), ...summaries].join('\n');
}
