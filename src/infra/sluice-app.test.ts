import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../core/config-parse.js';
import { inlineCode } from '../../test/helpers/cdk-stacks.js';
import { forwarderPropsFromConfig } from './config-props.js';
import { createSluiceApp, stackNames } from './sluice-app.js';

describe('Function: createSluiceApp', () => {
  it('builds the forwarder and example API stacks, named after the project, in the region asked', () => {
    // Act
    const { app, forwarder, exampleApi } = createSluiceApp({
      region: 'eu-west-1',
      forwarder: { project: 'shop', destinationUrl: 'https://hooks.example.com/in', code: inlineCode() },
    });

    // Assess
    expect(app.node.children.map((child) => child.node.id)).toEqual([stackNames('shop').forwarder, stackNames('shop').exampleApi]);
    expect(forwarder.region).toBe('eu-west-1');
    expect(exampleApi?.api.restApiName).toBe('shop-example-api');
  });

  it('leaves out the example API on request', () => {
    // Act
    const { exampleApi, app } = createSluiceApp({ forwarder: { destinationUrl: 'https://hooks.example.com/in', code: inlineCode() }, exampleApi: false });

    // Assess
    expect(exampleApi).toBeUndefined();
    expect(app.node.children).toHaveLength(1);
  });
});

describe('Function: forwarderPropsFromConfig', () => {
  it('carries the destination, retry budget, redaction, alarm age and queue.max_receive_count into the stack', () => {
    // Prepare
    const config = validateConfig(
      {
        destination: { url: 'https://hooks.example.com/in', timeout: '5s', retry: { max_age: '2d', max_attempts: 120 }, dead_letter_on_4xx: true },
        queue: { driver: 'sqlite', max_receive_count: 150 },
        capture: { redact_headers: ['X-Session'], redact_query: ['token'] },
        alarms: { oldest_message_age: '30m' },
      },
      { file: 'test' },
    );

    // Act
    const { destinationUrl, ...props } = forwarderPropsFromConfig(config, {
      project: 'shop',
      alarmEmail: 'ops@example.com',
      batchSize: 20,
      batchingWindowMs: 2_000,
    });
    const { forwarder } = createSluiceApp({ forwarder: { ...props, destinationUrl: destinationUrl!, code: inlineCode() }, exampleApi: false });
    const template = Template.fromStack(forwarder);

    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 150 }) });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 20, MaximumBatchingWindowInSeconds: 2 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'shop-warning-oldest-message', Threshold: 1_800 });
    const variables = Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => fn.Properties.Environment.Variables);
    expect(variables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ SLUICE_REDACT_HEADERS: 'x-session', SLUICE_REDACT_QUERY: 'token' }),
        expect.objectContaining({
          SLUICE_DESTINATION_URL: 'https://hooks.example.com/in',
          SLUICE_DESTINATION_TIMEOUT: '5000ms',
          SLUICE_RETRY_MAX_ATTEMPTS: '120',
          SLUICE_DEAD_LETTER_ON_4XX: 'true',
        }),
      ]),
    );
  });

  it('leaves the destination unset without one, for the command to ask for it', () => {
    // Act
    const props = forwarderPropsFromConfig(validateConfig({}, { file: 'test' }), {});

    // Assess
    expect(props.destinationUrl).toBeUndefined();
  });
});
