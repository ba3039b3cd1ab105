import type { SQSClient } from '@aws-sdk/client-sqs';
import { SQS_MAX_MESSAGE_BYTES } from '../../core/config-schema.js';
import type { AwsClientOptions } from '../client-options.js';
import { createSqsClient, loadSqsSdk } from '../sqs-client.js';
import type { IngestCall, IngestReply, IngestService } from './ingest-service.js';
import { integerParam, jsonObjectParam, messageAttributesParam } from './param-values.js';

/** SQS's longest delay: 15 minutes. */
const MAX_DELAY_SECONDS = 900;

/**
 * `SendMessage` for `sqs` ingest routes: the body (by default) as the message, up to SQS's
 * 1 MiB. `MessageAttributes` and `MessageSystemAttributes` are JSON text in `params`.
 *
 * @example
 * ```ts
 * const sqs = new SqsService({ region: 'eu-west-1' });
 * await sqs.send({ values: { QueueUrl, MessageBody: '{"id":7}' }, body, wholeBody, abortSignal }); // { messageId: '…' }
 * ```
 */
export class SqsService implements IngestService {
  readonly service = 'sqs';
  readonly operation = 'SendMessage';
  readonly maxBodyBytes = SQS_MAX_MESSAGE_BYTES;
  readonly #options: AwsClientOptions;
  #client: Promise<SQSClient> | undefined;

  constructor(options: AwsClientOptions) {
    this.#options = options;
  }

  async send(call: IngestCall): Promise<IngestReply> {
    const { values } = call;
    const input = {
      QueueUrl: values.QueueUrl,
      MessageBody: values.MessageBody,
      DelaySeconds: integerParam(values, 'DelaySeconds', 0, MAX_DELAY_SECONDS),
      MessageAttributes: messageAttributesParam(values, 'MessageAttributes'),
      MessageSystemAttributes: jsonObjectParam<Record<string, never>>(values, 'MessageSystemAttributes'),
      MessageDeduplicationId: values.MessageDeduplicationId,
      MessageGroupId: values.MessageGroupId,
    };
    const [client, { SendMessageCommand }] = await Promise.all([this.#sqs(), loadSqsSdk()]);
    const answer = await client.send(new SendMessageCommand(input), { abortSignal: call.abortSignal });
    return { messageId: answer.MessageId };
  }

  close(): void {
    void this.#client?.then((client) => client.destroy());
  }

  #sqs(): Promise<SQSClient> {
    this.#client ??= createSqsClient(this.#options);
    return this.#client;
  }
}
