/**
 * Checks that an SQS event has the fields the forwarder reads, as the Powertools parser's
 * `SqsSchema` requires them. Plain code rather than that schema: it would load zod on the
 * function's cold start (issue 12 §4).
 *
 * @returns where the event is malformed, or `undefined` when it is well-formed.
 * @example
 * ```ts
 * if (checkSqsEvent(input) !== undefined) throw new BadRequestError('malformed SQS event');
 * ```
 */
export function checkSqsEvent(input: unknown): string | undefined {
  if (!isObject(input) || !Array.isArray(input.Records)) return 'Records';
  for (const [index, record] of input.Records.entries()) {
    if (!isObject(record)) return `Records.${index}`;
    for (const key of ['messageId', 'receiptHandle', 'body', 'md5OfBody', 'eventSource', 'eventSourceARN', 'awsRegion'] as const) {
      if (typeof record[key] !== 'string') return `Records.${index}.${key}`;
    }
    for (const key of ['attributes', 'messageAttributes'] as const) if (!isObject(record[key])) return `Records.${index}.${key}`;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
