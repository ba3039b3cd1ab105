import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION } from './fauxqs.js';

const AWS_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_EC2_METADATA_DISABLED'] as const;

/**
 * Points the standard AWS credential chain (which the gateway's ingest targets use) at fauxqs's
 * dummy credentials, so no test ever reaches for a profile or an instance role. Returns the
 * restore function for `afterAll`.
 *
 * @example
 * ```ts
 * const restore = useEmulatorCredentials();
 * afterAll(restore);
 * ```
 */
export function useEmulatorCredentials(): () => void {
  const saved = Object.fromEntries(AWS_ENV.map((key) => [key, process.env[key]]));
  for (const key of AWS_ENV) delete process.env[key];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: FAUXQS_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAUXQS_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  return () => {
    for (const key of AWS_ENV) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  };
}

/** The top-level `aws` mapping of a gateway that calls fauxqs. */
export function fauxqsAws(endpoint: string): Record<string, unknown> {
  return { region: FAUXQS_REGION, endpoint };
}

/**
 * A loopback URL nothing listens on: connections to it are refused at once.
 *
 * @example
 * ```ts
 * const dead = await refusingUrl(); // 'http://127.0.0.1:40123'
 * ```
 */
export async function refusingUrl(): Promise<string> {
  const server = createTcpServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A stand-in AWS endpoint on 127.0.0.1 that answers every call the same way, or never. */
export interface StandIn {
  readonly url: string;
  /** Requests received so far. */
  readonly calls: number;
  close(): Promise<void>;
}

/**
 * Starts a stand-in AWS endpoint: `answer` gives the status and JSON body of every reply
 * (AWS's JSON protocol: `{"__type":"…#ThrottlingException","message":"…"}`), or `'stall'` to
 * read requests and never answer.
 *
 * @example
 * ```ts
 * const throttling = await startStandIn({ status: 400, body: { __type: 'com.amazonaws.sqs#ThrottlingException', message: 'Rate exceeded' } });
 * ```
 */
export async function startStandIn(answer: { status: number; body: Record<string, unknown> } | 'stall'): Promise<StandIn> {
  let calls = 0;
  const server = createHttpServer((req, res) => {
    calls += 1;
    req.resume();
    if (answer === 'stall') return;
    const body = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `stand-in-${calls}` }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get calls() {
      return calls;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
