export { BlobStore } from './sqlite/blob-store.js';
export { DeadLetterQueueBase } from './dead-letter-queue-base.js';
export { GroupCommit } from './sqlite/group-commit.js';
export type { GroupFlush, GroupOutcome, TakenGroup } from './sqlite/group-commit.js';
export { openQueue } from './open-queue.js';
export { QueueBase } from './queue-base.js';
export type { OpenQueueOptions } from './open-queue.js';
export { SqliteDeadLetterQueue } from './sqlite/dead-letters.js';
export type { SqliteQueueOptions, SqliteQueueSettings } from './sqlite/options.js';
export { SqliteQueue } from './sqlite/sqlite-queue.js';
export type { SweepResult } from './sqlite/sqlite-queue.js';
export { SqsDeadLetterQueue } from './sqs/dead-letters.js';
export type { SqsQueueOptions, SqsQueueSettings } from './sqs/options.js';
export {
  formatPointer,
  isPointerMessage,
  LEGACY_PAYLOAD_SIZE_ATTRIBUTE,
  LEGACY_POINTER_CLASS,
  parsePointer,
  PAYLOAD_SIZE_ATTRIBUTE,
  payloadSizeAttribute,
  POINTER_CLASS,
} from './sqs/payload-pointer.js';
export type { PayloadPointer } from './sqs/payload-pointer.js';
export { SqsQueue } from './sqs/sqs-queue.js';
export { readDeadLetterNote, SqsTransport } from './sqs/transport.js';
export type { DeadLetterNote, OutgoingMessage, QueueLogger, SqsTransportOptions, SqsTransportSettings } from './sqs/transport.js';
export { decodeBody, encodeBody, fromLambdaRecord, fromSdkMessage, sluiceIdOf, SLUICE_ATTRIBUTES } from './sqs/wire.js';
export type { LambdaSqsRecordShape, WireAttribute, WireAttributes, WireMessage } from './sqs/wire.js';
export type { ReceiveRequest } from './validation.js';
export type {
  DeadLetter,
  DeadLetterListOptions,
  DeadLetterPosition,
  DeadLetterQueue,
  Queue,
  QueueLimits,
  QueueMessage,
  QueueSpaceStats,
  QueueStats,
  ReceiveOptions,
  SendMessageInput,
} from './types.js';
