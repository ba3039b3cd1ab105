export { AuthTarget, withAuth } from './auth-target.js';
export { BasicAuthenticator, parseBasic } from './basic-auth.js';
export { verifyPassword } from './password-hash.js';
