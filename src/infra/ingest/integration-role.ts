/**
 * The role one native integration assumes: API Gateway may assume it, and it may perform the
 * integration's one action on the route's one resource, nothing else (least privilege).
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { HttpIntegrationSubtype } from './http-integration-subtypes.js';
import type { ServiceResource } from './service-resource.js';

/** Properties of {@link IntegrationRole}. */
export interface IntegrationRoleProps {
  /** The one action, e.g. `sqs:SendMessage`. */
  readonly action: HttpIntegrationSubtype['action'];
  /** The one resource the route writes to. */
  readonly resource: ServiceResource;
  /** The route's name, in the role's description. */
  readonly routeName: string;
}

/**
 * A role for one integration of one route.
 *
 * @example
 * ```ts
 * const role = new IntegrationRole(this, 'HooksRole', { action: 'sqs:SendMessage', resource, routeName: 'hooks' });
 * new CfnIntegration(this, 'Hooks', { …, credentialsArn: role.role.roleArn });
 * ```
 */
export class IntegrationRole extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: IntegrationRoleProps) {
    super(scope, id);
    const statement = new iam.PolicyStatement({ actions: [props.action], resources: [resourceArn(props.resource)] });
    // PutEvents names no event in its resource: the source condition keeps the role to the route's events.
    if (props.resource.service === 'eventbridge' && props.resource.source !== undefined) {
      statement.addCondition('StringEquals', { 'events:source': props.resource.source });
    }
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: `API Gateway: ${props.action} for the ingest route ${props.routeName}`,
      inlinePolicies: { Integration: new iam.PolicyDocument({ statements: [statement] }) },
    });
  }
}

/**
 * The ARN of a route's resource; the stack's region and account where the config names none.
 *
 * @example
 * ```ts
 * resourceArn({ service: 'kinesis', streamName: 'clicks' }); // 'arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/clicks'
 * ```
 */
export function resourceArn(resource: ServiceResource): string {
  const arn = (service: string, region: string, account: string, rest: string): string => `arn:${Aws.PARTITION}:${service}:${region}:${account}:${rest}`;
  switch (resource.service) {
    case 'sqs':
      return arn('sqs', resource.region ?? Aws.REGION, resource.account, resource.queueName);
    case 'sns':
      return resource.topicArn;
    case 's3':
      return `arn:${Aws.PARTITION}:s3:::${resource.bucket}/*`;
    case 'kinesis':
      return 'streamArn' in resource ? resource.streamArn : arn('kinesis', Aws.REGION, Aws.ACCOUNT_ID, `stream/${resource.streamName}`);
    case 'dynamodb':
      return arn('dynamodb', Aws.REGION, Aws.ACCOUNT_ID, `table/${resource.table}`);
    case 'eventbridge':
      return resource.bus.startsWith('arn:') ? resource.bus : arn('events', Aws.REGION, Aws.ACCOUNT_ID, `event-bus/${resource.bus}`);
  }
}
