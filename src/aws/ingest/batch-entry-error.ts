import { isThrottling } from '../aws-errors.js';

/**
 * One entry of a batch call (`SendMessageBatch`, `PutEvents`) that the service failed while
 * the call itself answered 200. It is shaped like the error the SDK throws for a refused call
 * (`name` is the entry's error code, `$metadata.httpStatusCode` the status it stands for, `$fault`
 * whose fault it was), so `toIngestError` maps it exactly as if the service had refused a call
 * carrying that entry alone: a throttling code 429 (the gateway answers 503 with
 * `Retry-After`), the sender's fault 400 with the code, the service's own fault 500 (502).
 *
 * @example
 * ```ts
 * // SQS: {"Failed":[{"Id":"m1","SenderFault":true,"Code":"InvalidMessageContents","Message":"…"}]}
 * throw new BatchEntryError('InvalidMessageContents', 'Invalid characters found.', true); // → 400
 * throw new BatchEntryError('ThrottlingException', 'Rate exceeded', false); // → 503 with Retry-After
 * ```
 */
export class BatchEntryError extends Error {
  override readonly name: string;
  readonly $metadata: { readonly httpStatusCode: number };
  readonly $fault: 'client' | 'server';

  /**
   * @param errorCode the entry's code (`Code`, `ErrorCode`)
   * @param errorMessage the entry's message, for the log
   * @param senderFault whether the entry itself was at fault (SQS's `SenderFault`)
   */
  constructor(errorCode: string, errorMessage: string, senderFault: boolean) {
    super(errorMessage || errorCode);
    this.name = errorCode;
    const throttled = isThrottling({ name: errorCode });
    this.$metadata = { httpStatusCode: throttled ? 429 : senderFault ? 400 : 500 };
    this.$fault = senderFault && !throttled ? 'client' : 'server';
  }
}
