import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { ForwarderStack } from '../../src/infra/forwarder-stack.js';
import type { ForwarderStackProps } from '../../src/infra/forwarder-stack-props.js';

/**
 * Stand-in bundles for the unit tests: inline code, so no test depends on dist-lambda.
 */
export const inlineCode = (): { proxy: Code; forwarder: Code } => ({
  proxy: Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
  forwarder: Code.fromInline('export const handler = async () => ({ batchItemFailures: [] });'),
});

/**
 * A forwarder stack in an app of its own, with its template.
 */
export function forwarderTemplate(props: Partial<ForwarderStackProps> = {}): { stack: ForwarderStack; template: Template } {
  const app = new App();
  const stack = new ForwarderStack(app, 'test-forwarder', { destinationUrl: 'https://hooks.example.com/in', code: inlineCode(), ...props });
  return { stack, template: Template.fromStack(stack) };
}
