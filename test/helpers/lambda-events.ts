import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, Context, SQSEvent, SQSRecord } from 'aws-lambda';

export interface ApiEventInput {
  readonly method: string;
  /** API Gateway's resource path, e.g. `/users/{id}`. */
  readonly resource: string;
  /** The request path, e.g. `/users/42`. */
  readonly path: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string[]>;
  /** Flat `[name, value, …]` list as the client sent it. */
  readonly headers?: readonly string[];
  readonly body?: Buffer | string;
  /** Send the body base64-encoded, as API Gateway does for binary media types. */
  readonly binary?: boolean;
  readonly domainName?: string;
}

/**
 * An API Gateway REST proxy event (AWS_PROXY) shaped as AWS sends it: single- and multi-value
 * headers and query (single-value fields hold the last value), a full request context.
 *
 * @example
 * ```ts
 * const event = apiGatewayEvent({ method: 'GET', resource: '/users/{id}', path: '/users/42', pathParameters: { id: '42' } });
 * ```
 */
export function apiGatewayEvent(input: ApiEventInput): APIGatewayProxyEvent {
  const domainName = input.domainName ?? 'abc123.execute-api.eu-west-1.amazonaws.com';
  const raw = ['Host', domainName, 'X-Forwarded-For', '203.0.113.7', 'X-Forwarded-Proto', 'https', ...(input.headers ?? [])];
  const multiValueHeaders: Record<string, string[]> = {};
  const headers: Record<string, string> = {};
  for (let index = 0; index < raw.length; index += 2) {
    (multiValueHeaders[raw[index]!] ??= []).push(raw[index + 1]!);
    headers[raw[index]!] = raw[index + 1]!;
  }
  const query = input.query;
  const body = input.body === undefined ? null : input.binary ? Buffer.from(input.body).toString('base64') : Buffer.from(input.body).toString('utf8');
  const now = Date.now();
  return {
    resource: input.resource,
    path: input.path,
    httpMethod: input.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query ? Object.fromEntries(Object.entries(query).map(([name, values]) => [name, values.at(-1)!])) : null,
    multiValueQueryStringParameters: query ?? null,
    pathParameters: input.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: null,
      domainName,
      domainPrefix: 'abc123',
      extendedRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      httpMethod: input.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: 'sluice-tests',
        userArn: null,
      },
      path: `/prod${input.path}`,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: new Date(now).toUTCString(),
      requestTimeEpoch: now,
      resourceId: 'abcdef',
      resourcePath: input.resource,
      stage: 'prod',
    },
    body,
    isBase64Encoded: input.binary === true,
  };
}

/**
 * A Lambda SQS event made of messages received from a queue, as the event source mapping
 * builds it (attribute keys in lower camel case, binary values base64).
 *
 * @example
 * ```ts
 * const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
 * await handler(sqsEvent(Messages, queueArn), context);
 * ```
 */
export function sqsEvent(messages: readonly Message[], queueArn = 'arn:aws:sqs:us-east-1:000000000000:sluice'): SQSEvent {
  const records: SQSRecord[] = messages.map((message) => ({
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
      SenderId: message.Attributes?.SenderId ?? 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
          ...(value.BinaryValue !== undefined && { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes !== undefined && { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  }));
  return { Records: records };
}

/** A Lambda context object with the fields handlers read. */
export function lambdaContext(functionName = 'sluice-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
