import { describe, expect, it } from 'vitest';
import { toIngestError } from '../ingest-errors.js';
import { PutEventsEntryError } from './put-events-entry-error.js';

describe('Class: PutEventsEntryError', () => {
  it.each([
    { errorCode: 'ThrottlingException', code: 'SLUICE_INGEST_THROTTLED', statusCode: 503 },
    { errorCode: 'InternalFailure', code: 'SLUICE_INGEST_UNAVAILABLE', statusCode: 502 },
    { errorCode: 'MalformedDetail', code: 'SLUICE_INGEST_REJECTED', statusCode: 400 },
    { errorCode: 'AccessDeniedException', code: 'SLUICE_INGEST_REJECTED', statusCode: 400 },
  ])('maps a failed entry ($errorCode) to $statusCode like a refused call', ({ errorCode, code, statusCode }) => {
    // Act
    const error = toIngestError(new PutEventsEntryError(errorCode, 'refused'), 'eventbridge', 'PutEvents');

    // Assess
    expect(error).toMatchObject({ code, statusCode });
  });
});
