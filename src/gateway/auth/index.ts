export { AuthTarget, withAuth, type AuthTargetOptions } from './auth-target.js';
export { BasicAuthenticator, parseBasic, type AuthVerdict, type BasicAuthenticatorOptions, type BasicAuthSettings } from './basic-auth.js';
export { clientKey } from './client-address.js';
export { FailureLimiter, type FailureCount, type FailureLimiterOptions } from './failure-limiter.js';
export { passwordCheck, type PasswordCheck } from './password-hash.js';
export { PasswordPool, acquirePasswordPool, defaultPasswordThreads, type PasswordPoolLease, type PasswordPoolOptions, type PasswordVerifier } from './password-pool.js';
export { SuccessCache, type SuccessCacheOptions } from './success-cache.js';
