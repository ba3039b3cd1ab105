/**
 * The JWT authorizer function of a native REST ingest API (see `jwt-authorizer-handler.ts`). Its
 * route's `auth` block comes from `SLUICE_JWT_AUTH` (set by the stack), read once at init.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { jwtAuthSchema } from '../core/jwt-auth-schema.js';
import { createJwtAuthorizerHandler } from './jwt-authorizer-handler.js';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'sluice-jwt-authorizer' });
const auth = jwtAuthSchema.parse(JSON.parse(process.env.SLUICE_JWT_AUTH ?? 'null'));

export const handler = createJwtAuthorizerHandler(auth, { log: (message, fields) => logger.warn(message, fields) });
