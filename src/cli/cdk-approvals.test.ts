import { describe, expect, it } from 'vitest';
import { templateDiff as fullDiff } from '../../test/helpers/template-diff.js';
import { answerToolkitRequest, type ToolkitRequest } from './cdk-approvals.js';
import { changesOf } from './cdk-deploy-toolkit.js';
import type { CdkTemplateDiff } from './cdk-security-changes.js';

const STACK = 'sluice-forwarder';

/** A template whose function role may send to the queue: the forwarder stack's shape, in small. */
const template = (actions: string[]) => ({
  Resources: {
    Queue4A7E3555: { Type: 'AWS::SQS::Queue' },
    FnServiceRoleB9001A96: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
          Version: '2012-10-17',
        },
      },
    },
    FnServiceRoleDefaultPolicyC6A839BF: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyDocument: { Statement: [{ Action: actions, Effect: 'Allow', Resource: { 'Fn::GetAtt': ['Queue4A7E3555', 'Arn'] } }], Version: '2012-10-17' },
        PolicyName: 'FnServiceRoleDefaultPolicyC6A839BF',
        Roles: [{ Ref: 'FnServiceRoleB9001A96' }],
      },
    },
  },
});

/** The toolkit's deploy confirmation (CDK_TOOLKIT_I5060) for a diff, as its IoHost receives it. */
const confirmDeploy = (diff: CdkTemplateDiff): ToolkitRequest => ({
  code: 'CDK_TOOLKIT_I5060',
  message: 'IAM Statement Changes\n…\n\nStack includes security-sensitive updates. Do you wish to deploy these changes?',
  data: {
    motivation: 'Stack includes security-sensitive updates',
    permissionChangeType: 'broadening',
    templateDiffs: { [STACK]: diff },
    destructiveChanges: [],
  },
});

describe('Function: answerToolkitRequest', () => {
  const shown = fullDiff({}, template(['sqs:SendMessage']));
  const plan = changesOf({ [STACK]: shown });

  it('approves a deployment whose IAM changes are those of the plan the person approved', () => {
    // Act
    const answered = answerToolkitRequest(confirmDeploy(fullDiff({}, template(['sqs:SendMessage']))), { action: 'deploy', plan });

    // Assess
    expect(answered).toEqual({ answer: true });
  });

  it('refuses a deployment that widens IAM beyond the plan, naming the statement', () => {
    // Act
    const answered = answerToolkitRequest(confirmDeploy(fullDiff({}, template(['sqs:SendMessage', 'sqs:DeleteQueue']))), { action: 'deploy', plan });

    // Assess
    expect(answered).toMatchObject({ refusal: { code: 'SLUICE_DEPLOY_NOT_APPROVED' } });
    if (!('refusal' in answered)) return;
    expect(answered.refusal.unapproved).toEqual([
      `${STACK}: IAM + Allow sqs:DeleteQueue, sqs:SendMessage on \${Queue4A7E3555.Arn} for AWS:\${FnServiceRoleB9001A96}`,
    ]);
  });

  it('refuses a deployment of a stack that was not in the plan', () => {
    // Act
    const answered = answerToolkitRequest(confirmDeploy(shown), { action: 'deploy', plan: [{ stack: 'sluice-example-api', changes: [] }] });

    // Assess
    expect(answered).toMatchObject({ refusal: { code: 'SLUICE_DEPLOY_NOT_APPROVED' } });
  });

  it('approves the deletion of the stacks only during a destroy', () => {
    // Prepare
    const request = {
      code: 'CDK_TOOLKIT_I7010',
      message: `Are you sure you want to delete: ${STACK}`,
      data: { motivation: 'Destroying stacks is an irreversible action' },
    };

    // Act & Assess
    expect(answerToolkitRequest(request, { action: 'destroy' })).toEqual({ answer: true });
    expect(answerToolkitRequest(request, { action: 'deploy', plan })).toMatchObject({ refusal: { code: 'SLUICE_DEPLOY_NOT_APPROVED' } });
  });

  it('refuses a question sluice deploy never asked, such as rolling back a failed stack', () => {
    // Prepare
    const motivation = 'Stack is in a paused fail state (UPDATE_FAILED) and command line arguments do not include "--no-rollback"';
    const request = { code: 'CDK_TOOLKIT_I5050', message: `${motivation}. Perform a deployment with rollback enabled`, data: { motivation } };

    // Act
    const answered = answerToolkitRequest(request, { action: 'deploy', plan });

    // Assess
    expect(answered).toMatchObject({ refusal: { code: 'SLUICE_DEPLOY_NOT_APPROVED', message: expect.stringContaining('CDK_TOOLKIT_I5050') } });
  });
});
