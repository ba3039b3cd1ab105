import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stack the stand-in describes. */
export interface StandInStack {
  readonly name: string;
  readonly outputs: Readonly<Record<string, string>>;
  /** @default 'CREATE_COMPLETE' */
  readonly status?: string;
  /** The template `GetTemplate` answers with (what the CDK toolkit diffs against). @default {} */
  readonly template?: unknown;
}

/** One request as it arrived: the Query protocol's form fields and whether it was signed. */
export interface CloudFormationCall {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly signed: boolean;
}

const NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

/**
 * A CloudFormation stand-in on 127.0.0.1 speaking the AWS Query protocol the real
 * `@aws-sdk/client-cloudformation` speaks: form-encoded POSTs (`Action=DescribeStacks&
 * Version=2010-05-15&StackName=…`), XML answers shaped like the `DescribeStacks` example of
 * AWS's API reference, and AWS's error document (`<ErrorResponse><Error><Type>Sender</Type>
 * <Code>ValidationError</Code><Message>Stack with id X does not exist</Message>`, 400) for a
 * stack it does not hold. `GetTemplate` answers with the stack's stored template as its
 * `TemplateBody` (JSON), as the CDK toolkit reads it to diff. A CDK deployment's change set
 * actions (Create/Describe/Execute/DeleteChangeSet, DescribeStackEvents, DeleteStack) complete
 * at once. Stacks are found by name or by id (ARN). Other actions get `InvalidAction`, as AWS
 * answers them.
 *
 * @example
 * ```ts
 * const cfn = await new CloudFormationStandIn([{ name: 'sluice-forwarder', outputs: { ProxyFunctionArn: arn } }]).listen();
 * new CloudFormationClient({ endpoint: cfn.url, region: 'us-east-1', credentials });
 * await cfn.close();
 * ```
 */
export class CloudFormationStandIn {
  readonly #server: Server;
  readonly stacks: Map<string, StandInStack>;
  readonly calls: CloudFormationCall[] = [];
  /** Actions the caller's IAM policy does not allow: answered with AWS's 403 `AccessDenied` document. */
  readonly denied = new Set<string>();
  /** The change sets created and not deleted, by name: CDK deployments prepare one per stack. */
  readonly changeSets = new Map<string, { readonly stackName: string; readonly id: string; readonly created: Date }>();
  /** Each stack's events, oldest first, as an executed change set leaves them. */
  readonly events = new Map<string, { readonly status: string; readonly time: Date }[]>();

  constructor(stacks: readonly StandInStack[] = []) {
    this.stacks = new Map(stacks.map((stack) => [stack.name, stack]));
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async listen(): Promise<this> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }

  /** Denies actions (`DescribeStacks`) as IAM does: a 403 with the Query protocol's `AccessDenied` error document. */
  deny(...actions: string[]): this {
    for (const action of actions) this.denied.add(action);
    return this;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const action = params.Action ?? '';
    this.calls.push({ action, params, signed: String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ') });
    const reply = (status: number, xml: string): void => {
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
    };
    if (req.method !== 'POST' || params.Version !== '2010-05-15')
      return reply(400, errorDocument('Sender', 'InvalidParameterValue', 'expected a Query protocol POST, Version 2010-05-15'));
    if (this.denied.has(action)) {
      const resource = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${params.StackName ?? '*'}/*`;
      const message = `User: arn:aws:sts::${ACCOUNT}:assumed-role/sluice-deployer/ci is not authorized to perform: cloudformation:${action} on resource: ${resource} because no identity-based policy allows the cloudformation:${action} action`;
      return reply(403, errorDocument('Sender', 'AccessDenied', message));
    }
    const changeSetReply = this.#changeSetAction(action, params);
    if (changeSetReply !== undefined) return reply(changeSetReply.status, changeSetReply.xml);
    if (action !== 'DescribeStacks' && action !== 'GetTemplate') {
      return reply(400, errorDocument('Sender', 'InvalidAction', `Could not find operation ${action} for version 2010-05-15`));
    }
    const name = stackNameOf(params.StackName);
    const stack = this.stacks.get(name);
    if (stack === undefined) return reply(400, errorDocument('Sender', 'ValidationError', `Stack with id ${name} does not exist`));
    reply(200, action === 'GetTemplate' ? getTemplateDocument(stack) : describeStacksDocument(stack));
  }

  /**
   * A change set's life: created (a new stack appears in REVIEW_IN_PROGRESS, as AWS shows it),
   * described as ready, executed (the stack completes at once, leaving its own IN_PROGRESS and
   * COMPLETE events) or deleted (with the stack it created, as the CDK cleans up a deployment
   * that was not approved).
   */
  #changeSetAction(action: string, params: Record<string, string>): { status: number; xml: string } | undefined {
    const ok = (body: string): { status: number; xml: string } => ({
      status: 200,
      xml: `<${action}Response xmlns="${NAMESPACE}">\n  <${action}Result>${body}</${action}Result>\n  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>\n</${action}Response>`,
    });
    const changeSetName = (params.ChangeSetName ?? '').split('/').at(-2) ?? params.ChangeSetName ?? '';
    const named = [...this.changeSets.entries()].find(
      ([name, set]) => name === params.ChangeSetName || set.id === params.ChangeSetName || name === changeSetName,
    );
    switch (action) {
      case 'CreateChangeSet': {
        const stackName = stackNameOf(params.StackName);
        if (!this.stacks.has(stackName)) this.stacks.set(stackName, { name: stackName, outputs: {}, status: 'REVIEW_IN_PROGRESS' });
        const id = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:changeSet/${params.ChangeSetName}/${randomUUID()}`;
        this.changeSets.set(params.ChangeSetName ?? '', { stackName, id, created: new Date() });
        return ok(`<Id>${xml(id)}</Id><StackId>${xml(stackId(stackName))}</StackId>`);
      }
      case 'DescribeChangeSet': {
        if (named === undefined)
          return { status: 404, xml: errorDocument('Sender', 'ChangeSetNotFound', `ChangeSet [${params.ChangeSetName}] does not exist`) };
        const [name, set] = named;
        return ok(
          `<ChangeSetName>${xml(name)}</ChangeSetName><ChangeSetId>${xml(set.id)}</ChangeSetId><StackId>${xml(stackId(set.stackName))}</StackId>` +
            `<StackName>${xml(set.stackName)}</StackName><CreationTime>${set.created.toISOString()}</CreationTime><Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus><Changes></Changes>`,
        );
      }
      case 'ExecuteChangeSet': {
        if (named === undefined)
          return { status: 404, xml: errorDocument('Sender', 'ChangeSetNotFound', `ChangeSet [${params.ChangeSetName}] does not exist`) };
        const [name, { stackName }] = named;
        // The CDK shows the events since the change set's CreationTime.
        const stack = this.stacks.get(stackName);
        const verb = stack?.status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
        this.changeSets.delete(name);
        this.stacks.set(stackName, { name: stackName, outputs: stack?.outputs ?? {}, status: `${verb}_COMPLETE` });
        const time = new Date();
        this.events.set(stackName, [...(this.events.get(stackName) ?? []), { status: `${verb}_IN_PROGRESS`, time }, { status: `${verb}_COMPLETE`, time }]);
        return ok('');
      }
      case 'DescribeStackEvents': {
        const stackName = stackNameOf(params.StackName);
        const members = [...(this.events.get(stackName) ?? [])]
          .reverse()
          .map(
            (event, index) =>
              `<member><StackId>${xml(stackId(stackName))}</StackId><EventId>${randomUUID()}-${index}</EventId><StackName>${xml(stackName)}</StackName>` +
              `<LogicalResourceId>${xml(stackName)}</LogicalResourceId><PhysicalResourceId>${xml(stackId(stackName))}</PhysicalResourceId>` +
              `<ResourceType>AWS::CloudFormation::Stack</ResourceType><Timestamp>${event.time.toISOString()}</Timestamp><ResourceStatus>${event.status}</ResourceStatus></member>`,
          )
          .join('');
        return ok(`<StackEvents>${members}</StackEvents>`);
      }
      case 'DeleteChangeSet':
        if (named !== undefined) this.changeSets.delete(named[0]);
        return ok('');
      case 'DeleteStack':
        this.stacks.delete(stackNameOf(params.StackName));
        return ok('');
      default:
        return undefined;
    }
  }
}

/** A stack's name, also when the caller names it by its id (ARN), as the CDK does once it has one. */
function stackNameOf(nameOrId: string | undefined): string {
  return /^arn:aws:cloudformation:[^:]*:[^:]*:stack\/([^/]+)\//.exec(nameOrId ?? '')?.[1] ?? nameOrId ?? '';
}

function stackId(name: string): string {
  return `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/aaf549a0-a413-11df-adb3-5081b3858e83`;
}

function describeStacksDocument(stack: StandInStack): string {
  const outputs = Object.entries(stack.outputs)
    .map(
      ([key, value]) =>
        `          <member>\n            <OutputKey>${xml(key)}</OutputKey>\n            <OutputValue>${xml(value)}</OutputValue>\n          </member>`,
    )
    .join('\n');
  return `<DescribeStacksResponse xmlns="${NAMESPACE}">
  <DescribeStacksResult>
    <Stacks>
      <member>
        <StackName>${xml(stack.name)}</StackName>
        <StackId>${xml(stackId(stack.name))}</StackId>
        <CreationTime>2026-01-01T12:00:00.000Z</CreationTime>
        <StackStatus>${xml(stack.status ?? 'CREATE_COMPLETE')}</StackStatus>
        <DisableRollback>false</DisableRollback>
        <Outputs>
${outputs}
        </Outputs>
      </member>
    </Stacks>
  </DescribeStacksResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</DescribeStacksResponse>`;
}

function getTemplateDocument(stack: StandInStack): string {
  return `<GetTemplateResponse xmlns="${NAMESPACE}">
  <GetTemplateResult>
    <TemplateBody>${xml(JSON.stringify(stack.template ?? {}))}</TemplateBody>
    <StagesAvailable>
      <member>Original</member>
      <member>Processed</member>
    </StagesAvailable>
  </GetTemplateResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</GetTemplateResponse>`;
}

function errorDocument(type: string, code: string, message: string): string {
  return `<ErrorResponse xmlns="${NAMESPACE}">
  <Error>
    <Type>${type}</Type>
    <Code>${code}</Code>
    <Message>${xml(message)}</Message>
  </Error>
  <RequestId>${randomUUID()}</RequestId>
</ErrorResponse>`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
