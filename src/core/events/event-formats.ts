import { albFormat } from './alb.js';
import { apiGatewayV1 } from './apigw-v1.js';
import { apiGatewayV2 } from './apigw-v2.js';
import { envelope } from './envelope.js';
import type { EventFormat, EventFormatName } from './types.js';

/** The event format names, in documentation order. */
export const EVENT_FORMATS: readonly EventFormatName[] = ['apigw-v1', 'apigw-v2', 'alb', 'envelope'];

/**
 * The event format a `lambda` target uses.
 *
 * @example
 * ```ts
 * const format = eventFormat('alb', { multiValueHeaders: true });
 * const payload = format.createPayload(request);
 * ```
 */
export function eventFormat(name: EventFormatName, options: { multiValueHeaders?: boolean } = {}): EventFormat {
  switch (name) {
    case 'apigw-v1':
      return apiGatewayV1;
    case 'apigw-v2':
      return apiGatewayV2;
    case 'alb':
      return albFormat({ multiValueHeaders: options.multiValueHeaders ?? false });
    case 'envelope':
      return envelope;
  }
}
