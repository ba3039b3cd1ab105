// Delivery of records to the destination.
import { SluiceError } from './base.js';

/** The delivery destination gave no complete answer within its timeout (the attempt is retried). */
export class DestinationTimeoutError extends SluiceError {
  override readonly name = 'DestinationTimeoutError';
  override readonly code = 'SLUICE_DESTINATION_TIMEOUT';
  override readonly statusCode = 504;
}

/**
 * A record whose delivery failed and will be retried: the forwarder function reports it as a
 * batch item failure, so SQS hands it out again after its visibility timeout.
 */
export class DeliveryRetryError extends SluiceError {
  override readonly name = 'DeliveryRetryError';
  override readonly code = 'SLUICE_DELIVERY_RETRY';
}
