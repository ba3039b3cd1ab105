// A stand-in for the CDK toolkit that `sluice deploy --toolkit-module <this file>` loads in a
// child process (a pseudo-terminal test): nothing reaches CloudFormation. It appends each call
// as a JSON line (with a deployment's approved IAM changes) to the file SLUICE_TEST_TOOLKIT_LOG names and answers a deploy with the
// outputs SLUICE_TEST_TOOLKIT_OUTPUTS gives (JSON: stack name suffix → outputs), as a real
// deployment of the stacks would. Both variables are read by this test file only.
import { appendFileSync } from 'node:fs';

/** @returns {import('../../src/cli/deploy-toolkit.js').DeployToolkit} */
export function createDeployToolkit() {
  const log = process.env.SLUICE_TEST_TOOLKIT_LOG;
  const outputs = JSON.parse(process.env.SLUICE_TEST_TOOLKIT_OUTPUTS ?? '{}');
  const record = (action, app, extra = {}) => {
    if (log !== undefined) appendFileSync(log, `${JSON.stringify({ action, stacks: app.stacks, ...extra })}\n`);
  };
  const outputsOf = (stack) => Object.entries(outputs).find(([suffix]) => stack.endsWith(suffix))?.[1] ?? {};
  return {
    synth: async (app) => (record('synth', app), app.stacks),
    diff: async (app) => (
      record('diff', app),
      app.stacks.map((stack) => ({
        stack,
        changes: [{ logicalId: 'Queue', resourceType: 'AWS::SQS::Queue', action: 'add' }],
        securityChanges: [`IAM + Allow sqs:SendMessage on \${Queue.Arn} for AWS:\${FunctionRole}`],
      }))
    ),
    deploy: async (app, onProgress, approved) => {
      record('deploy', app, { approved: approved.flatMap((stack) => stack.securityChanges ?? []) });
      for (const stack of app.stacks) onProgress(`${stack} CREATE_COMPLETE`);
      return app.stacks.map((stack) => ({ stack, outputs: outputsOf(stack) }));
    },
    destroy: async (app) => record('destroy', app),
  };
}
