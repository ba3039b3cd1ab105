import { MessageNotFoundError } from '../../core/errors.js';
import { fromSdkMessage, sluiceIdOf, SLUICE_ATTRIBUTES, stringAttribute, type WireAttribute, type WireMessage } from './wire.js';
import { isPointerMessage, parsePointer } from './payload-pointer.js';
import { readDeadLetterNote, toSdkAttributes, type SqsTransport } from './transport.js';
import { DeadLetterQueueBase } from '../dead-letter-queue-base.js';
import type { DeadLetter, DeadLetterPosition } from '../types.js';

/** What the dead-letter side needs of its queue. @internal */
export interface SqsDeadLetterContext {
  readonly transport: SqsTransport;
  /** The RedrivePolicy's `maxReceiveCount`: what a message SQS moved by itself was received. */
  readonly maxReceiveCount: number;
  readonly scanWaitSeconds: number;
  assertOpen(): void;
  track<T>(work: Promise<T>): Promise<T>;
}

/** How long a scan hides the DLQ's messages while it reads them all (released at the end). */
const SCAN_HOLD_SECONDS = 60;

interface Letter {
  readonly wire: WireMessage;
  readonly id: string;
  readonly sentAt: number;
  readonly deadLetteredAt: number;
  readonly receiveCount: number;
  readonly lastError: string | null;
}

/**
 * The dead-letter side of the SQS driver (`sluice dlq list|show|redrive|purge`), read through
 * the DLQ's URL. SQS has no "list" or "get by id": each operation receives every message of
 * the DLQ (held for a minute so the reading is complete), works on them, then makes the rest
 * visible again. Operations of one client run one after another; two clients scanning at once
 * would hide messages from each other, so run one `sluice dlq` at a time.
 *
 * A message Sluice moved carries its last error, receive count and times in the
 * `SluiceDeadLetter` attribute; one SQS's redrive moved (its consumer died holding it) shows
 * `max_receive_count` receives and no error. Dead letters keep their S3 payloads; a purge
 * deletes them.
 *
 * @example
 * ```ts
 * const page = await queue.dlq.list({ limit: 20 });
 * await queue.dlq.redrive(page.map((letter) => letter.id));
 * ```
 */
export class SqsDeadLetterQueue extends DeadLetterQueueBase {
  /**
   * SQS's own redrive (`StartMessageMoveTask`) moves a whole queue and takes no filter, so
   * Sluice never uses it for a selection: it receives the DLQ, keeps what matches, and sends
   * each kept message back (or deletes it) one at a time.
   */
  readonly bulkNote =
    'SQS cannot move a filtered selection (StartMessageMoveTask moves a whole queue, with no filter): Sluice received every dead letter, kept those that matched, and sent each back to the queue (redrive) or deleted it (purge) one message at a time; the others were made visible again.';
  readonly #context: SqsDeadLetterContext;
  #turn: Promise<unknown> = Promise.resolve();

  /** @internal */
  constructor(context: SqsDeadLetterContext) {
    super(() => context.assertOpen());
    this.#context = context;
  }

  /** Oldest dead letters first (by the time they were moved, then id); `after` continues from a previous page's last id. */
  protected _list(limit: number, after: string | DeadLetterPosition | undefined): Promise<DeadLetter[]> {
    return this.#scan(async (letters) => {
      let start = 0;
      if (typeof after === 'object') {
        const index = letters.findIndex(
          (letter) => letter.deadLetteredAt > after.deadLetteredAt || (letter.deadLetteredAt === after.deadLetteredAt && compare(letter.id, after.id) > 0),
        );
        start = index === -1 ? letters.length : index;
      } else if (after !== undefined) {
        const index = letters.findIndex((letter) => letter.id === after);
        if (index === -1) throw new MessageNotFoundError(`no dead letter with id ${after} to continue after`);
        start = index + 1;
      }
      return { result: await Promise.all(letters.slice(start, start + limit).map((letter) => this.#toDeadLetter(letter))), consumed: [] };
    });
  }

  protected _get(id: string): Promise<DeadLetter | undefined> {
    return this.#scan(async (letters) => {
      const letter = letters.find((candidate) => candidate.id === id);
      return { result: letter && (await this.#toDeadLetter(letter)), consumed: [] };
    });
  }

  /** Sends the given dead letters (all when `ids` is undefined) back to the main queue as new messages (receive count 1), then deletes them here. */
  protected _redrive(ids: readonly string[] | undefined): Promise<number> {
    const { transport } = this.#context;
    return this.#scan(async (letters) => {
      const chosen = select(letters, ids);
      const consumed: WireMessage[] = [];
      for (const letter of chosen) {
        const attributes: Record<string, WireAttribute> = { ...letter.wire.attributes, [SLUICE_ATTRIBUTES.id]: stringAttribute(letter.id) };
        delete attributes[SLUICE_ATTRIBUTES.deadLetter];
        await transport.call('SendMessage', (client, sdk) =>
          client.send(
            new sdk.SendMessageCommand({
              QueueUrl: transport.settings.queueUrl,
              MessageBody: letter.wire.body,
              MessageAttributes: toSdkAttributes(attributes),
            }),
          ),
        );
        await this.#delete(letter.wire);
        consumed.push(letter.wire);
      }
      return { result: consumed.length, consumed };
    });
  }

  /** Deletes the given dead letters (all when `ids` is undefined) and their S3 payloads. */
  protected _purge(ids: readonly string[] | undefined): Promise<number> {
    const { transport } = this.#context;
    return this.#scan(async (letters) => {
      const chosen = select(letters, ids);
      for (const letter of chosen) {
        await this.#delete(letter.wire);
        if (isPointerMessage(letter.wire.body, letter.wire.attributes)) {
          try {
            const pointer = parsePointer(letter.wire.body);
            await transport.deletePayload(pointer);
          } catch {
            // A malformed pointer points at nothing to delete.
          }
        }
      }
      return { result: chosen.length, consumed: chosen.map((letter) => letter.wire) };
    });
  }

  /** Reads the whole DLQ, runs `work`, then releases every message `work` did not consume. */
  #scan<T>(work: (letters: Letter[]) => Promise<{ result: T; consumed: readonly WireMessage[] }>): Promise<T> {
    const run = async (): Promise<T> => {
      const held = await this.#receiveAll();
      const letters = held.map((wire) => this.#toLetter(wire)).sort((a, b) => a.deadLetteredAt - b.deadLetteredAt || compare(a.id, b.id));
      let consumed: ReadonlySet<WireMessage> = new Set();
      try {
        const outcome = await work(letters);
        consumed = new Set(outcome.consumed);
        return outcome.result;
      } finally {
        await this.#release(held.filter((wire) => !consumed.has(wire)));
      }
    };
    const next = this.#turn.then(run, run);
    this.#turn = next.catch(() => undefined);
    return this.#context.track(next);
  }

  async #receiveAll(): Promise<WireMessage[]> {
    const { transport, scanWaitSeconds } = this.#context;
    const seen = new Map<string, WireMessage>();
    for (;;) {
      const answer = await transport.call('ReceiveMessage', (client, sdk) =>
        client.send(
          new sdk.ReceiveMessageCommand({
            QueueUrl: transport.settings.dlqUrl,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: SCAN_HOLD_SECONDS,
            WaitTimeSeconds: scanWaitSeconds,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
          }),
        ),
      );
      const messages = answer.Messages ?? [];
      if (messages.length === 0) return [...seen.values()];
      for (const message of messages) {
        const wire = fromSdkMessage(message);
        seen.set(wire.messageId, wire);
      }
    }
  }

  async #release(wires: readonly WireMessage[]): Promise<void> {
    const { transport } = this.#context;
    for (let start = 0; start < wires.length; start += 10) {
      const chunk = wires.slice(start, start + 10);
      await transport.call('ChangeMessageVisibilityBatch', (client, sdk) =>
        client.send(
          new sdk.ChangeMessageVisibilityBatchCommand({
            QueueUrl: transport.settings.dlqUrl,
            Entries: chunk.map((wire, index) => ({ Id: `v${index}`, ReceiptHandle: wire.receiptHandle, VisibilityTimeout: 0 })),
          }),
        ),
      );
    }
  }

  async #delete(wire: WireMessage): Promise<void> {
    const { transport } = this.#context;
    await transport.call('DeleteMessage', (client, sdk) =>
      client.send(new sdk.DeleteMessageCommand({ QueueUrl: transport.settings.dlqUrl, ReceiptHandle: wire.receiptHandle })),
    );
  }

  #toLetter(wire: WireMessage): Letter {
    const note = readDeadLetterNote(wire.attributes);
    const sentAt = note?.sentAt || wire.sentAt;
    return {
      wire,
      id: sluiceIdOf(wire),
      sentAt,
      // SQS keeps no time of its own redrive: such a letter sorts by when it was sent.
      deadLetteredAt: note?.at || sentAt,
      receiveCount: note?.receiveCount || this.#context.maxReceiveCount,
      lastError: note?.lastError ?? null,
    };
  }

  async #toDeadLetter(letter: Letter): Promise<DeadLetter> {
    let body: Buffer;
    try {
      ({ body } = await this.#context.transport.readPayload(letter.wire));
    } catch {
      // The payload cannot be read (a bad pointer, a missing object): show what SQS holds.
      body = Buffer.from(letter.wire.body, 'utf8');
    }
    return {
      id: letter.id,
      body,
      sentAt: letter.sentAt,
      deadLetteredAt: letter.deadLetteredAt,
      receiveCount: letter.receiveCount,
      lastError: letter.lastError,
    };
  }
}

function select(letters: readonly Letter[], ids: readonly string[] | undefined): Letter[] {
  if (ids === undefined) return [...letters];
  const wanted = new Set(ids);
  return letters.filter((letter) => wanted.has(letter.id));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
