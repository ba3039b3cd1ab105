import type { SNSClient } from '@aws-sdk/client-sns';
import type { AwsClientOptions } from '../client-options.js';
import { createSnsClient, loadSnsSdk } from '../sns-client.js';
import type { IngestCall, IngestReply, IngestService } from './ingest-service.js';
import { messageAttributesParam } from './param-values.js';

/** SNS's largest message (body and attributes): 256 KiB. */
export const SNS_MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * `Publish` for `sns` ingest routes: the body (by default) as the message, up to SNS's 256 KiB.
 * `MessageAttributes` is JSON text in `params`.
 *
 * @example
 * ```ts
 * const sns = new SnsService({ region: 'eu-west-1' });
 * await sns.send({ values: { TopicArn, Message: '{"id":7}' }, body, wholeBody, abortSignal }); // { messageId: '…' }
 * ```
 */
export class SnsService implements IngestService {
  readonly service = 'sns';
  readonly operation = 'Publish';
  readonly maxBodyBytes = SNS_MAX_MESSAGE_BYTES;
  readonly #options: AwsClientOptions;
  #client: Promise<SNSClient> | undefined;

  constructor(options: AwsClientOptions) {
    this.#options = options;
  }

  async send(call: IngestCall): Promise<IngestReply> {
    const { values } = call;
    const input = {
      TopicArn: values.TopicArn,
      Message: values.Message,
      Subject: values.Subject,
      MessageAttributes: messageAttributesParam(values, 'MessageAttributes'),
      MessageStructure: values.MessageStructure,
      MessageDeduplicationId: values.MessageDeduplicationId,
      MessageGroupId: values.MessageGroupId,
    };
    const [client, { PublishCommand }] = await Promise.all([this.#sns(), loadSnsSdk()]);
    const answer = await client.send(new PublishCommand(input), { abortSignal: call.abortSignal });
    return { messageId: answer.MessageId };
  }

  close(): void {
    void this.#client?.then((client) => client.destroy());
  }

  #sns(): Promise<SNSClient> {
    this.#client ??= createSnsClient(this.#options);
    return this.#client;
  }
}
