import { describe, expect, it } from 'vitest';
import { toIngestError } from '../ingest-errors.js';
import { batchOutcomes, sqsMessageSize } from './sqs-send-batch.js';

describe('Function: batchOutcomes', () => {
  it("gives each entry its own message id, in the entries' order", () => {
    // Act
    const outcomes = batchOutcomes(2, {
      Successful: [
        { Id: 'm1', MessageId: 'second', MD5OfMessageBody: 'x' },
        { Id: 'm0', MessageId: 'first', MD5OfMessageBody: 'y' },
      ],
    });

    // Assess
    expect(outcomes).toEqual([
      { ok: true, value: { messageId: 'first' } },
      { ok: true, value: { messageId: 'second' } },
    ]);
  });

  it.each([
    { description: "the sender's fault", failure: { SenderFault: true, Code: 'InvalidMessageContents' }, code: 'SLUICE_INGEST_REJECTED', statusCode: 400 },
    { description: "the service's fault", failure: { SenderFault: false, Code: 'InternalError' }, code: 'SLUICE_INGEST_UNAVAILABLE', statusCode: 502 },
    { description: 'throttling', failure: { SenderFault: false, Code: 'ThrottlingException' }, code: 'SLUICE_INGEST_THROTTLED', statusCode: 503 },
  ])('maps a Failed entry ($description) as SendMessage refusing that message', ({ failure, code, statusCode }) => {
    // Prepare
    const answer = { Successful: [{ Id: 'm0', MessageId: 'first', MD5OfMessageBody: 'x' }], Failed: [{ Id: 'm1', Message: 'no', ...failure }] };

    // Act
    const [first, second] = batchOutcomes(2, answer);

    // Assess
    expect(first).toEqual({ ok: true, value: { messageId: 'first' } });
    expect(second?.ok).toBe(false);
    const error = second?.ok === false ? toIngestError(second.error, 'sqs', 'SendMessage') : undefined;
    expect(error).toMatchObject({ code, statusCode });
  });

  it('fails an entry the answer does not mention as the service failing', () => {
    // Act
    const [outcome] = batchOutcomes(1, {});

    // Assess
    expect(outcome?.ok === false && toIngestError(outcome.error, 'sqs', 'SendMessage')).toMatchObject({ code: 'SLUICE_INGEST_UNAVAILABLE' });
  });
});

describe('Function: sqsMessageSize', () => {
  it("counts the body and each attribute's name, type and value, as SQS does", () => {
    // Act
    const size = sqsMessageSize({
      QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q',
      MessageBody: 'päckchen',
      MessageAttributes: { Tenant: { DataType: 'String', StringValue: 'acme' }, Blob: { DataType: 'Binary', BinaryValue: new Uint8Array(3) } },
    });

    // Assess
    expect(size).toBe(9 + (6 + 6 + 4) + (4 + 6 + 4));
  });
});
