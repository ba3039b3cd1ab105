import { DeployNotApprovedError } from '../core/errors.js';
import { securityChangesOf, type CdkTemplateDiff } from './cdk-security-changes.js';
import type { StackChanges } from './deploy-toolkit.js';

/** The toolkit's "deploy these changes?" request (`DeployConfirmationRequest`), asked per stack. */
const CONFIRM_DEPLOY = 'CDK_TOOLKIT_I5060';
/** The toolkit's "are you sure you want to delete …?" request. */
const CONFIRM_DESTROY = 'CDK_TOOLKIT_I7010';

/**
 * What the person approved before `sluice deploy` called the toolkit: the plan it showed (with
 * `--yes`, the plan it printed), or the stacks' deletion; nothing during synth and diff.
 */
export type ToolkitApproval =
  { readonly action: 'deploy'; readonly plan: readonly StackChanges[] } | { readonly action: 'destroy' } | { readonly action: 'none' };

/** A request as the toolkit's IoHost receives it (`IoRequest`): its code, its text and its payload. */
export interface ToolkitRequest {
  readonly code: string;
  readonly message: string;
  readonly data: unknown;
}

/** Yes or no, or why the request cannot be answered on the person's behalf. */
export type RequestAnswer = { readonly answer: boolean } | { readonly refusal: DeployNotApprovedError };

/**
 * The answer to a question of the toolkit, from what the person approved, never a blanket yes.
 * A deployment's confirmation is yes when each stack it covers was in the plan and every IAM or
 * security group change it brings was shown there; the resource changes are not compared, since
 * the toolkit's change set may judge a replacement differently than the plan's template diff did,
 * and the plan listed them all. A destroy's confirmation is yes during a destroy (the person
 * confirmed the deletion). Anything else (roll back a stack, an MFA token, a question of a newer
 * toolkit) was never put to the person, so it is refused.
 *
 * @internal
 * @example
 * ```ts
 * answerToolkitRequest(request, { action: 'deploy', plan }); // { answer: true }
 * ```
 */
export function answerToolkitRequest(request: ToolkitRequest, approval: ToolkitApproval): RequestAnswer {
  if (request.code === CONFIRM_DEPLOY && approval.action === 'deploy') return answerDeploy(request, approval.plan);
  if (request.code === CONFIRM_DESTROY && approval.action === 'destroy') return { answer: true };
  const question = request.message.split('\n').findLast((line) => line.trim() !== '') ?? request.message;
  return {
    refusal: new DeployNotApprovedError(
      `the CDK toolkit asked "${question.trim()}" (${request.code}), which sluice deploy did not put to you: answered no, and the ${approval.action === 'destroy' ? 'destroy' : 'deployment'} stops`,
      [question.trim()],
    ),
  };
}

function answerDeploy(request: ToolkitRequest, plan: readonly StackChanges[]): RequestAnswer {
  const diffs = (request.data as { templateDiffs?: Record<string, CdkTemplateDiff> }).templateDiffs ?? {};
  const unapproved: string[] = [];
  for (const [stack, diff] of Object.entries(diffs)) {
    const planned = plan.find((changes) => changes.stack === stack);
    if (planned === undefined) {
      unapproved.push(`${stack}: the stack itself (not in the plan)`);
      continue;
    }
    const shown = new Set(planned.securityChanges ?? []);
    for (const line of securityChangesOf(diff)) if (!shown.has(line)) unapproved.push(`${stack}: ${line}`);
  }
  if (unapproved.length === 0) return { answer: true };
  return {
    refusal: new DeployNotApprovedError(
      `the deployment brings changes the plan did not show, so they were not approved (did the stacks change since the plan?); run sluice deploy again to see them:\n  ${unapproved.join('\n  ')}`,
      unapproved,
    ),
  };
}
