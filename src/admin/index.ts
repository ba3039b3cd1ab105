export { Dashboard, sendJson } from './dashboard.js';
export type { DashboardOptions, DashboardServices, ReplayRequest } from './dashboard.js';
export { applyToDeadLetters, parseDeadLetterSelection } from './dead-letter-actions.js';
export type { DeadLetterActionResult, DeadLetterSelection } from './dead-letter-actions.js';
export {
  deadLetterFilter,
  deadLetterQuery,
  decodeCursor,
  encodeCursor,
  isEmptyFilter,
  matchesDeadLetter,
  DEAD_LETTER_FILTER_PARAMS,
} from './dead-letter-filter.js';
export type { DeadLetterFilter, DeadLetterQuery } from './dead-letter-filter.js';
export { applyToMatching, deadLetterPages, listDeadLetters, SCAN_PAGE } from './dead-letter-scan.js';
export type { DeadLetterListing, MatchingActionResult } from './dead-letter-scan.js';
export { deadLetterRecord, viewDeadLetter } from './dead-letter-view.js';
export type { DeadLetterView } from './dead-letter-view.js';
export { EventStream } from './event-stream.js';
export type { EventStreamOptions, HistoryChangeEvent, HistoryChanges } from './event-stream.js';
export { HistoryAccess } from './history-access.js';
export { historyQuery, parseLimit, parseStatus, parseWhen } from './history-params.js';
export type { HistoryQuery } from './history-params.js';
export { historyChanges } from './polled-changes.js';
export { CONTENT_SECURITY_POLICY, DASHBOARD_FILES, StaticAssets } from './static-assets.js';
export { readReplayRequest, replayService } from './replay-service.js';
export type { ReplayServiceOptions } from './replay-service.js';
export { StatsSeries } from './stats-series.js';
export type { StatsCounters, StatsKey, StatsSample, StatsSeriesOptions, StatsSource, UnavailableFigures } from './stats-series.js';
export { queueStatsSource, registryStatsSource } from './stats-sources.js';
