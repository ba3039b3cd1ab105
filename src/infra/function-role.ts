import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Properties of {@link FunctionRole}. */
export interface FunctionRoleProps {
  /** What the function does, for the role's description. */
  readonly purpose: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * A function's execution role and its log group, with nothing but writing to that group. The
 * managed `AWSLambdaBasicExecutionRole` CDK would attach grants `logs:*` actions on every log
 * group (`Resource: *`); this role names its one group instead. Metrics travel in the logs as
 * EMF, so no `cloudwatch:PutMetricData` (which only takes `Resource: *`) is needed.
 *
 * @example
 * ```ts
 * const { role, logGroup } = new FunctionRole(this, 'ProxyRole', { purpose: 'the Sluice proxy' });
 * role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
 * ```
 */
export class FunctionRole extends Construct {
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: FunctionRoleProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.purpose}`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The group's ARN ends in ":*", which names its log streams, not other groups.
        resources: [this.logGroup.logGroupArn],
      }),
    );
  }
}
