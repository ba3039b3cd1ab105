import { FAUXQS_CREDENTIALS, FAUXQS_REGION } from './fauxqs.js';

const NAMES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_PROFILE', 'AWS_EC2_METADATA_DISABLED'] as const;

/**
 * Dummy AWS credentials in `process.env` for a gateway whose clients use the standard chain
 * (emulators check none; fixed ones keep the chain away from files and the network), and the
 * environment as it was afterwards.
 *
 * @example
 * ```ts
 * const env = useAwsTestCredentials();
 * beforeAll(() => env.set());
 * afterAll(() => env.restore());
 * ```
 */
export function useAwsTestCredentials(): { set(): void; restore(): void } {
  const saved = new Map<string, string | undefined>();
  return {
    set() {
      for (const name of NAMES) saved.set(name, process.env[name]);
      delete process.env.AWS_SESSION_TOKEN;
      delete process.env.AWS_PROFILE;
      process.env.AWS_ACCESS_KEY_ID = FAUXQS_CREDENTIALS.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = FAUXQS_CREDENTIALS.secretAccessKey;
      process.env.AWS_REGION = FAUXQS_REGION;
      process.env.AWS_EC2_METADATA_DISABLED = 'true';
    },
    restore() {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}
