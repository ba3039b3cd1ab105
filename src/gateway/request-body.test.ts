import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readWholeBody, type WholeBodyOptions } from './request-body.js';

/** What `readWholeBody` did with one request: its body or its error, and whether it answered at once. */
interface Outcome {
  readonly immediate: boolean;
  readonly body?: Buffer;
  readonly error?: { readonly name: string; readonly code: string; readonly statusCode: number };
}

/** Generous: only the stall tests wait for it, and a busy machine must never trip it elsewhere. */
const PATIENT_MS = 60_000;

let server: Server;
let port: number;
let read: (req: IncomingMessage) => void = () => undefined;
const clients: Socket[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    read(req);
    // The reader's outcome is what the tests look at; the client gets a plain answer.
    const answer = (): void => void res.writeHead(204, { Connection: 'close' }).end();
    req.once('end', answer);
    req.once('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

/** Sends raw bytes and settles with what `readWholeBody` made of the request they start. */
function readRaw(bytes: string, options: Partial<WholeBodyOptions> = {}): { outcome: Promise<Outcome>; client: Socket; seen: Buffer[] } {
  const seen: Buffer[] = [];
  const outcome = new Promise<Outcome>((resolve) => {
    read = (req) => {
      const settle = (immediate: boolean, result: { body: Buffer } | { error: unknown }): void => {
        if ('body' in result) return resolve({ immediate, body: result.body });
        const { name, code, statusCode } = result.error as { name: string; code: string; statusCode: number };
        resolve({ immediate, error: { name, code, statusCode } });
      };
      let pending: Buffer | Promise<Buffer>;
      try {
        pending = readWholeBody(req, { limit: 1_000, capture: { requestChunk: (chunk) => seen.push(chunk) }, idleTimeoutMs: PATIENT_MS, ...options });
      } catch (error) {
        return settle(true, { error });
      }
      if (Buffer.isBuffer(pending)) return settle(true, { body: pending });
      pending.then(
        (body) => settle(false, { body }),
        (error: unknown) => settle(false, { error }),
      );
    };
  });
  const client = connect(port, '127.0.0.1', () => client.write(bytes));
  client.on('error', () => undefined);
  clients.push(client);
  return { outcome, client, seen };
}

const head = (headers: string): string => `POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`;

describe('Function: readWholeBody', () => {
  it('reads a body with a Content-Length whole, and shows the capture its bytes', async () => {
    // Act
    const { outcome, seen } = readRaw(`${head('Content-Length: 11\r\n')}hello world`);

    // Assess
    const result = await outcome;
    expect(result.body?.toString()).toBe('hello world');
    expect(Buffer.concat(seen).toString()).toBe('hello world');
  });

  it('reads a chunked body whole', async () => {
    // Act
    const { outcome } = readRaw(`${head('Transfer-Encoding: chunked\r\n')}5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n`);

    // Assess
    expect((await outcome).body?.toString()).toBe('hello world');
  });

  it.each([
    { description: 'no body', headers: '' },
    { description: 'a Content-Length of 0', headers: 'Content-Length: 0\r\n' },
  ])('answers a request with $description at once, with an empty buffer', async ({ headers }) => {
    // Act
    const { outcome } = readRaw(head(headers));

    // Assess
    expect(await outcome).toEqual({ immediate: true, body: Buffer.alloc(0) });
  });

  it('refuses a declared length over the limit with 413 at once, before reading a byte', async () => {
    // Act
    const { outcome, seen } = readRaw(`${head('Content-Length: 1001\r\n')}x`, { limit: 1_000 });

    // Assess
    expect(await outcome).toEqual({ immediate: true, error: { name: 'BodyTooLargeError', code: 'SLUICE_BODY_TOO_LARGE', statusCode: 413 } });
    expect(seen).toEqual([]);
  });

  it('refuses a chunked body with 413 as soon as it crosses the limit', async () => {
    // Prepare: the second chunk crosses the limit; the terminating chunk never comes.
    const chunk = 'a'.repeat(600);

    // Act
    const { outcome } = readRaw(`${head('Transfer-Encoding: chunked\r\n')}258\r\n${chunk}\r\n258\r\n${chunk}\r\n`, { limit: 1_000 });

    // Assess
    expect(await outcome).toMatchObject({ immediate: false, error: { code: 'SLUICE_BODY_TOO_LARGE', statusCode: 413 } });
  });

  it.each([
    { description: 'a Content-Length body', bytes: `${head('Content-Length: 10\r\n')}abc` },
    { description: 'a chunked body', bytes: `${head('Transfer-Encoding: chunked\r\n')}3\r\nabc\r\n` },
  ])('fails $description whose client stops sending with 408 after the body timeout', async ({ bytes }) => {
    // Act: the client sends part of the body and then nothing.
    const { outcome } = readRaw(bytes, { idleTimeoutMs: 200 });

    // Assess
    expect(await outcome).toEqual({ immediate: false, error: { name: 'BodyTimeoutError', code: 'SLUICE_BODY_TIMEOUT', statusCode: 408 } });
  });

  it('fails with SLUICE_CLIENT_ABORTED when the client goes away mid-body', async () => {
    // Prepare
    const { outcome, client, seen } = readRaw(`${head('Content-Length: 10\r\n')}abc`);
    await expect.poll(() => seen.length, { timeout: PATIENT_MS }).toBe(1);

    // Act
    client.destroy();

    // Assess
    expect(await outcome).toMatchObject({ immediate: false, error: { code: 'SLUICE_CLIENT_ABORTED' } });
  });
});
