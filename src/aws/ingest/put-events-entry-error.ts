/**
 * The status an entry's `ErrorCode` stands for, as if the service had refused the whole call:
 * throttling 429 (the gateway answers 503 with `Retry-After`), AWS's internal failure 500
 * (502), anything else (a malformed detail, an access or KMS denial) the entry's fault, 400.
 */
function entryErrorStatus(errorCode: string): number {
  if (errorCode === 'ThrottlingException') return 429;
  if (errorCode === 'InternalFailure' || errorCode === 'InternalException') return 500;
  return 400;
}

/**
 * A `PutEvents` entry EventBridge did not accept (`FailedEntryCount > 0`). The call itself
 * answered 200, so this is shaped like the error the SDK throws for a refused call (`name` is
 * the entry's `ErrorCode`, `$metadata.httpStatusCode` the status it stands for) and
 * `toIngestError` maps both alike.
 *
 * @example
 * ```ts
 * throw new PutEventsEntryError('ThrottlingException', 'Rate exceeded'); // → 503 with Retry-After
 * ```
 */
export class PutEventsEntryError extends Error {
  override readonly name: string;
  readonly $metadata: { readonly httpStatusCode: number };
  readonly $fault: 'client' | 'server';

  constructor(errorCode: string, errorMessage: string) {
    super(errorMessage || errorCode);
    this.name = errorCode;
    const status = entryErrorStatus(errorCode);
    this.$metadata = { httpStatusCode: status };
    this.$fault = status >= 500 || status === 429 ? 'server' : 'client';
  }
}
