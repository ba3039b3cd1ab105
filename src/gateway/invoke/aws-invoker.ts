import type { LambdaInvokeClient } from '../../aws/lambda-client.js';
import type { InvokeRequest, InvokeResponse, Invoker } from './invoker.js';

/**
 * Invokes functions on AWS through the Invoke API (`RequestResponse`), one attempt each.
 *
 * @example
 * ```ts
 * const invoker = new AwsInvoker(createLambdaClient({ region: 'us-west-2' }));
 * const { payload, functionError } = await invoker.invoke({ functionName: 'hello', qualifier: 'prod', payload, timeoutMs: 30_000 });
 * ```
 */
export class AwsInvoker implements Invoker {
  readonly #client: LambdaInvokeClient;
  #closed = false;

  constructor(client: LambdaInvokeClient) {
    this.#client = client;
  }

  async invoke(request: InvokeRequest): Promise<InvokeResponse> {
    const out = await this.#client.invoke({
      functionName: request.functionName,
      ...(request.qualifier !== undefined && { qualifier: request.qualifier }),
      payload: Buffer.from(request.payload, 'utf8'),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const payload = Buffer.from(out.payload.buffer, out.payload.byteOffset, out.payload.byteLength).toString('utf8');
    return out.functionError === undefined ? { payload } : { payload, functionError: out.functionError };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#client.destroy();
  }
}
