export { BlobStore } from './blob-store.js';
export { GroupCommit } from './group-commit.js';
export type { GroupFlush, GroupOutcome, TakenGroup } from './group-commit.js';
export { openQueue } from './open-queue.js';
export type { OpenQueueOptions } from './open-queue.js';
export { SqliteDeadLetterQueue } from './sqlite-dead-letters.js';
export type { SqliteQueueOptions, SqliteQueueSettings } from './sqlite-options.js';
export { SqliteQueue } from './sqlite-queue.js';
export type { SweepResult } from './sqlite-queue.js';
export type {
  DeadLetter,
  DeadLetterListOptions,
  DeadLetterQueue,
  Queue,
  QueueLimits,
  QueueMessage,
  QueueStats,
  ReceiveOptions,
  SendMessageInput,
} from './types.js';
