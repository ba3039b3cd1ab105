import type { SendMessageBatchCommandOutput, SendMessageCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import type { SqsSdk } from '../sqs-client.js';
import type { BatchOutcome } from '../sqs-batcher.js';
import { allAborted } from './all-aborted.js';
import { BatchEntryError } from './batch-entry-error.js';
import type { IngestReply } from './ingest-service.js';

/** One request's message waiting to be sent, with the signal of the request's timeout. */
export interface SqsSendEntry {
  readonly input: SendMessageCommandInput;
  readonly signal: AbortSignal;
}

/**
 * The bytes SQS counts against its 1 MiB per call: the body, and each attribute's name, type and
 * value (a binary value counted as its base64 text, never less than SQS counts).
 *
 * @internal
 * @example
 * ```ts
 * sqsMessageSize({ QueueUrl, MessageBody: 'hi', MessageAttributes: { A: { DataType: 'String', StringValue: 'x' } } }); // 2 + 1 + 6 + 1 = 10
 * ```
 */
export function sqsMessageSize(input: SendMessageCommandInput): number {
  let size = Buffer.byteLength(input.MessageBody ?? '', 'utf8');
  for (const [name, attribute] of Object.entries(input.MessageAttributes ?? {})) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(attribute.DataType ?? '', 'utf8');
    if (attribute.StringValue !== undefined) size += Buffer.byteLength(attribute.StringValue, 'utf8');
    if (attribute.BinaryValue !== undefined) size += Math.ceil(attribute.BinaryValue.byteLength / 3) * 4;
  }
  return size;
}

/**
 * Each entry's outcome from a `SendMessageBatch` answer, in the order of the entries (whose
 * Ids were `m0`, `m1`, …): its `Successful` result as the reply `{ messageId }`, or its `Failed`
 * result as a {@link BatchEntryError}, which the gateway maps as if `SendMessage` had refused
 * that message alone. An entry the answer does not mention failed on the service's side.
 *
 * @internal
 * @example
 * ```ts
 * batchOutcomes(2, { Successful: [{ Id: 'm0', MessageId: 'a', MD5OfMessageBody: '…' }], Failed: [{ Id: 'm1', SenderFault: true, Code: 'InvalidMessageContents' }] });
 * // [{ ok: true, value: { messageId: 'a' } }, { ok: false, error: BatchEntryError InvalidMessageContents }]
 * ```
 */
export function batchOutcomes(count: number, answer: Partial<Pick<SendMessageBatchCommandOutput, 'Successful' | 'Failed'>>): BatchOutcome<IngestReply>[] {
  const successful = new Map((answer.Successful ?? []).map((result) => [result.Id, result]));
  const failed = new Map((answer.Failed ?? []).map((result) => [result.Id, result]));
  return Array.from({ length: count }, (_, index): BatchOutcome<IngestReply> => {
    const id = entryId(index);
    const success = successful.get(id);
    if (success !== undefined) return { ok: true, value: { messageId: success.MessageId } };
    const failure = failed.get(id);
    if (failure !== undefined) {
      return { ok: false, error: new BatchEntryError(failure.Code ?? 'InternalError', failure.Message ?? '', failure.SenderFault ?? false) };
    }
    return { ok: false, error: new BatchEntryError('InternalError', `SendMessageBatch gave no result for entry ${id}`, false) };
  });
}

/**
 * Sends the messages one turn of the event loop gathered for one queue, and gives each its
 * outcome. One message goes as a plain `SendMessage` with its own signal, exactly as a route
 * without batching would send it (same reply, same errors); two or more as one
 * `SendMessageBatch` (at most ten, as `SqsBatcher` packs them). A message whose request timed
 * out before the turn ended is not sent. The batch call is aborted only once every request it
 * carries has timed out: until then someone still waits for its answer. A failure of the
 * whole call (throttled, unreachable, timed out) rejects, and so fails every entry alike.
 *
 * @internal
 * @example
 * ```ts
 * const batcher = new SqsBatcher((entries) => sendSqsEntries(client, sdk, entries), { maxItems: 10 });
 * await batcher.add({ input: { QueueUrl, MessageBody: 'hi' }, signal: AbortSignal.timeout(30_000) }); // { messageId: '…' }
 * ```
 */
export async function sendSqsEntries(client: SQSClient, sdk: SqsSdk, entries: readonly SqsSendEntry[]): Promise<BatchOutcome<IngestReply>[]> {
  const outcomes: BatchOutcome<IngestReply>[] = entries.map((entry) => ({ ok: false, error: entry.signal.reason }));
  const live = [...entries.keys()].filter((index) => !entries[index]!.signal.aborted);
  if (live.length === 1) {
    const { input, signal } = entries[live[0]!]!;
    try {
      const answer = await client.send(new sdk.SendMessageCommand(input), { abortSignal: signal });
      outcomes[live[0]!] = { ok: true, value: { messageId: answer.MessageId } };
    } catch (error) {
      outcomes[live[0]!] = { ok: false, error };
    }
    return outcomes;
  }
  if (live.length === 0) return outcomes;

  const { signal, dispose } = allAborted(live.map((index) => entries[index]!.signal));
  try {
    const answer = await client.send(
      new sdk.SendMessageBatchCommand({
        QueueUrl: entries[live[0]!]!.input.QueueUrl,
        Entries: live.map((index, position) => {
          // QueueUrl is the batch's; every other field of SendMessage is the entry's own.
          const { QueueUrl: _queueUrl, ...fields } = entries[index]!.input;
          return { Id: entryId(position), ...fields, MessageBody: fields.MessageBody ?? '' };
        }),
      }),
      { abortSignal: signal },
    );
    batchOutcomes(live.length, answer).forEach((outcome, position) => {
      outcomes[live[position]!] = outcome;
    });
    return outcomes;
  } finally {
    dispose();
  }
}

/** SQS batch entry Ids: unique within the call, `m0` to `m9`. */
function entryId(index: number): string {
  return `m${index}`;
}
