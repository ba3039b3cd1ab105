// The diffs @aws-cdk/toolkit-lib hands over (its diff's result, the payload of its deploy
// confirmation) are built by @aws-cdk/cloudformation-diff's fullDiff, a dependency of the toolkit:
// tests build theirs the same way, so they have the library's real shape.
import { fullDiff } from '@aws-cdk/cloudformation-diff';
import type { CdkTemplateDiff } from '../../src/cli/cdk-security-changes.js';

/**
 * The toolkit's diff of a deployed template against a new one (`{}` for a stack not deployed yet).
 *
 * @example
 * ```ts
 * const diff = templateDiff({}, { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } });
 * ```
 */
export function templateDiff(deployed: Record<string, unknown>, next: Record<string, unknown>): CdkTemplateDiff {
  return fullDiff(deployed, next);
}
