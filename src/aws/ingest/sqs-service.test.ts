import { SendMessageBatchCommand, SendMessageCommand, SQSClient, type SendMessageBatchCommandOutput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsService } from './sqs-service.js';

const sqs = mockClient(SQSClient);
const QueueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/hooks';
const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret' };

/** One request's call to the service, with its own timeout signal. */
const callFor = (body: string, abortSignal: AbortSignal) => ({
  values: { QueueUrl, MessageBody: body },
  body: Buffer.from(body),
  wholeBody: new Set(['MessageBody']),
  abortSignal,
});

describe('Class: SqsService', () => {
  afterEach(() => {
    sqs.reset();
  });

  it("settles a request by its own timeout while the batch call it shares still waits for another's answer", async () => {
    // Prepare
    let answer: (output: SendMessageBatchCommandOutput) => void = () => {};
    sqs.on(SendMessageBatchCommand).callsFake(() => new Promise<SendMessageBatchCommandOutput>((resolve) => (answer = resolve)));
    const service = new SqsService({ region: 'eu-west-1', credentials });
    const [short, long] = [new AbortController(), new AbortController()];
    const first = service.send(callFor('first', short.signal));
    const second = service.send(callFor('second', long.signal));
    await expect.poll(() => sqs.commandCalls(SendMessageBatchCommand).length).toBe(1);
    const timedOut = new DOMException('The operation was aborted due to timeout', 'TimeoutError');

    // Act
    short.abort(timedOut);

    // Assess
    await expect(first).rejects.toBe(timedOut);
    answer({
      $metadata: {},
      Successful: [
        { Id: 'm0', MessageId: 'id-first', MD5OfMessageBody: '' },
        { Id: 'm1', MessageId: 'id-second', MD5OfMessageBody: '' },
      ],
      Failed: [],
    });
    await expect(second).resolves.toEqual({ messageId: 'id-second' });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    await service.close();
  });

  it('sends what it gathered before releasing the client on close()', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'id-1' });
    const service = new SqsService({ region: 'eu-west-1', credentials });
    const pending = service.send(callFor('last', new AbortController().signal));

    // Act
    await service.close();

    // Assess
    await expect(pending).resolves.toEqual({ messageId: 'id-1' });
    await expect(service.send(callFor('late', new AbortController().signal))).rejects.toMatchObject({ code: 'SLUICE_CLOSED' });
  });
});
