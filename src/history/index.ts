export { followHistory, matchesFilter } from './history-feed.js';
export type { FollowOptions } from './history-feed.js';
export { decodeCursor, encodeCursor } from './history-query.js';
export { historyPathFor, HISTORY_SCHEMA_VERSION } from './history-schema.js';
export { HistoryStore, PRUNE_BATCH } from './history-store.js';
export { HistoryWorkerWriter } from './history-worker-writer.js';
export type { HistoryWorkerWriterOptions } from './history-worker-writer.js';
export { HistoryWriter } from './history-writer.js';
export type { HistoryWriterOptions } from './history-writer.js';
export { HISTORY_STATES } from './types.js';
export type {
  HistoryAttempt,
  HistoryChange,
  HistoryEntry,
  HistoryFilter,
  HistoryOutcome,
  HistoryPage,
  HistorySink,
  HistoryState,
  HistorySummary,
  StatusFilter,
} from './types.js';
