export { AuthTarget, withAuth, type AuthTargetOptions } from './auth-target.js';
export type { Authenticator, AuthVerdict } from './authenticator.js';
export { BasicAuthenticator, parseBasic, type BasicAuthenticatorOptions, type BasicAuthSettings } from './basic-auth.js';
export { JwksSource, KeySourceError, discoverJwksUri, jwksTimings, type JwksSourceOptions } from './jwks-source.js';
export { JwtAuthenticator, parseBearer, tokenScopes, type JwtAuthenticatorOptions } from './jwt-auth.js';
export { clientKey } from './client-address.js';
export { FailureLimiter, type FailureCount, type FailureLimiterOptions } from './failure-limiter.js';
export { passwordCheck, type PasswordCheck } from './password-hash.js';
export {
  PasswordPool,
  acquirePasswordPool,
  defaultPasswordThreads,
  type PasswordPoolLease,
  type PasswordPoolOptions,
  type PasswordVerifier,
} from './password-pool.js';
export { SuccessCache, type SuccessCacheOptions } from './success-cache.js';
