import type { Toolkit } from '@aws-cdk/toolkit-lib';

/** One stack's diff as `@aws-cdk/toolkit-lib` computes it (a `@aws-cdk/cloudformation-diff` TemplateDiff). */
export type CdkTemplateDiff = Awaited<ReturnType<Toolkit['diff']>>[string];

/**
 * The security-sensitive changes of a stack's diff, one line each: IAM statements and managed
 * policies added (`+`, permissions widened) or removed (`-`), and security group rules. These are
 * what the CDK asks approval for before deploying, so `sluice deploy` shows them in its plan and
 * the toolkit's question is answered by comparing its lines with the ones the person approved:
 * the same diff gives the same lines, in a stable order.
 *
 * @internal
 * @example
 * ```ts
 * securityChangesOf(diff);
 * // ['IAM + Allow sqs:SendMessage on ${Queue.Arn} for AWS:${FunctionRole.Arn}']
 * ```
 */
export function securityChangesOf(diff: CdkTemplateDiff): string[] {
  const { statements, managedPolicies } = diff.iamChanges;
  const { ingress, egress } = diff.securityGroupChanges;
  const lines = [
    ...statements.additions.map((statement) => `IAM + ${statementText(statement.render())}`),
    ...statements.removals.map((statement) => `IAM - ${statementText(statement.render())}`),
    ...managedPolicies.additions.map((policy) => `IAM + managed policy ${policy.managedPolicyArn} on ${policy.identityArn}`),
    ...managedPolicies.removals.map((policy) => `IAM - managed policy ${policy.managedPolicyArn} on ${policy.identityArn}`),
    ...ingress.additions.map((rule) => `security group + ${rule.groupId} in ${rule.describeProtocol()} from ${rule.describePeer()}`),
    ...ingress.removals.map((rule) => `security group - ${rule.groupId} in ${rule.describeProtocol()} from ${rule.describePeer()}`),
    ...egress.additions.map((rule) => `security group + ${rule.groupId} out ${rule.describeProtocol()} to ${rule.describePeer()}`),
    ...egress.removals.map((rule) => `security group - ${rule.groupId} out ${rule.describeProtocol()} to ${rule.describePeer()}`),
  ];
  return [...new Set(lines)].sort();
}

interface RenderedStatement {
  readonly resource: string;
  readonly effect: string;
  readonly action: string;
  readonly principal: string;
  readonly condition: string;
}

/** A statement on one line; the diff renders lists one value a line. */
function statementText(rendered: RenderedStatement): string {
  const oneLine = (text: string): string => text.split('\n').join(', ').replace(/\s+/g, ' ').trim();
  // A statement the diff could not parse (built from an intrinsic) only renders as that intrinsic.
  if (rendered.effect === '') return `statement ${oneLine(rendered.resource)}`;
  const principal = rendered.principal !== '' ? ` for ${oneLine(rendered.principal)}` : '';
  const condition = rendered.condition !== '' ? ` when ${oneLine(rendered.condition)}` : '';
  return `${rendered.effect} ${oneLine(rendered.action)} on ${oneLine(rendered.resource)}${principal}${condition}`;
}
