import { InvokeCommand, LambdaClient, ResourceNotFoundException, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createLambdaClient } from './lambda-client.js';
import { toLambdaError } from './lambda-errors.js';

const sdk = mockClient(LambdaClient);
const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('Function: createLambdaClient', () => {
  afterEach(() => sdk.reset());

  it('invokes RequestResponse once, with the qualifier', async () => {
    // Prepare
    sdk.on(InvokeCommand).resolves({ StatusCode: 200, Payload: new TextEncoder().encode('{"ok":true}') as never, ExecutedVersion: '7' });
    const client = createLambdaClient({ client: new LambdaClient({ region: 'us-east-1' }) });

    // Act
    const out = await client.invoke({ functionName: 'hello', qualifier: 'prod', payload: Buffer.from('{}') });

    // Assess
    expect(Buffer.from(out.payload).toString()).toBe('{"ok":true}');
    expect(out.executedVersion).toBe('7');
    expect(sdk.commandCalls(InvokeCommand)).toHaveLength(1);
    expect(sdk.commandCalls(InvokeCommand)[0]!.args[0].input).toMatchObject({ FunctionName: 'hello', Qualifier: 'prod', InvocationType: 'RequestResponse' });
  });

  it('reports a function error as FunctionError, not as a thrown error', async () => {
    // Prepare
    sdk.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: new TextEncoder().encode('{"errorType":"Error"}') as never });
    const client = createLambdaClient({ client: new LambdaClient({ region: 'us-east-1' }) });

    // Act
    const out = await client.invoke({ functionName: 'hello', payload: Buffer.from('{}') });

    // Assess
    expect(out.functionError).toBe('Unhandled');
  });

  it.each([
    {
      description: 'throttling',
      error: new TooManyRequestsException({ message: 'Rate exceeded', ...metadata(429) }),
      code: 'SLUICE_FUNCTION_THROTTLED',
      status: 503,
    },
    {
      description: 'an unknown function',
      error: new ResourceNotFoundException({ message: 'Function not found', ...metadata(404) }),
      code: 'SLUICE_FUNCTION_NOT_FOUND',
      status: 404,
    },
    {
      description: 'an aborted wait',
      error: Object.assign(new Error('Request aborted'), { name: 'AbortError' }),
      code: 'SLUICE_FUNCTION_TIMEOUT',
      status: 504,
    },
    {
      description: 'a refused connection',
      error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      code: 'SLUICE_INVOKE_FAILED',
      status: 502,
    },
    {
      description: 'a socket timeout',
      error: Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }),
      code: 'SLUICE_FUNCTION_TIMEOUT',
      status: 504,
    },
    {
      description: 'a system timeout (ETIMEDOUT)',
      error: Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }),
      code: 'SLUICE_FUNCTION_TIMEOUT',
      status: 504,
    },
    // The SDK's HTTP handler renames ECONNRESET and EPIPE errors to TimeoutError: still a reset.
    {
      description: 'a reset the SDK calls TimeoutError',
      error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'TimeoutError' }),
      code: 'SLUICE_INVOKE_FAILED',
      status: 502,
    },
    {
      description: 'a payload over the limit',
      error: Object.assign(new Error('too large'), { name: 'RequestTooLargeException', ...metadata(413) }),
      code: 'SLUICE_BODY_TOO_LARGE',
      status: 413,
    },
    {
      description: 'access denied',
      error: Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', ...metadata(403) }),
      code: 'SLUICE_INVOKE_FAILED',
      status: 502,
    },
  ])('normalises $description', async ({ error, code, status }) => {
    // Prepare
    sdk.on(InvokeCommand).rejects(error);
    const client = createLambdaClient({ client: new LambdaClient({ region: 'us-east-1' }) });

    // Act
    const invoked = client.invoke({ functionName: 'hello', payload: Buffer.from('{}') });

    // Assess
    await expect(invoked).rejects.toMatchObject({ code, statusCode: status });
    expect(sdk.commandCalls(InvokeCommand)).toHaveLength(1);
  });
});

describe('Function: toLambdaError', () => {
  it('passes Sluice errors through', () => {
    // Prepare
    const original = toLambdaError(new TooManyRequestsException({ message: 'x', $metadata: {} }), 'a');

    // Act & Assess
    expect(toLambdaError(original, 'b')).toBe(original);
  });
});
