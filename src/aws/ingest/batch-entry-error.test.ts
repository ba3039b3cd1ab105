import { describe, expect, it } from 'vitest';
import { toIngestError } from '../ingest-errors.js';
import { BatchEntryError } from './batch-entry-error.js';

describe('Class: BatchEntryError', () => {
  it.each([
    { errorCode: 'ThrottlingException', senderFault: false, code: 'SLUICE_INGEST_THROTTLED', statusCode: 503 },
    { errorCode: 'AWS.SimpleQueueService.RequestThrottled', senderFault: true, code: 'SLUICE_INGEST_THROTTLED', statusCode: 503 },
    { errorCode: 'InternalFailure', senderFault: false, code: 'SLUICE_INGEST_UNAVAILABLE', statusCode: 502 },
    { errorCode: 'InvalidMessageContents', senderFault: true, code: 'SLUICE_INGEST_REJECTED', statusCode: 400 },
    { errorCode: 'MalformedDetail', senderFault: true, code: 'SLUICE_INGEST_REJECTED', statusCode: 400 },
    { errorCode: 'KMS.DisabledException', senderFault: false, code: 'SLUICE_INGEST_UNAVAILABLE', statusCode: 502 },
  ])('maps a failed entry ($errorCode, sender fault $senderFault) to $statusCode like a refused call', ({ errorCode, senderFault, code, statusCode }) => {
    // Act
    const error = toIngestError(new BatchEntryError(errorCode, 'refused', senderFault), 'sqs', 'SendMessage');

    // Assess
    expect(error).toMatchObject({ code, statusCode });
  });

  it("keeps the entry's code for the client", () => {
    // Act
    const error = toIngestError(new BatchEntryError('InvalidMessageContents', 'Invalid characters found.', true), 'sqs', 'SendMessage');

    // Assess
    expect(error).toMatchObject({ code: 'SLUICE_INGEST_REJECTED', awsCode: 'InvalidMessageContents' });
  });
});
