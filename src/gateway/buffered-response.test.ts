import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBuffered, type BufferedResponse } from './buffered-response.js';
import { ResponseWriter, type ResponseSink } from './response-writer.js';

/** A sink that records what a writer sent it, answering as a request with `method`. */
class RecordingSink implements ResponseSink {
  readonly req: { readonly method: string };
  status = 0;
  headers: string[] = [];
  readonly chunks: Buffer[] = [];
  ended = false;

  constructor(method: string) {
    this.req = { method };
  }

  writeHead(status: number, rawHeaders: string[]): void {
    this.status = status;
    this.headers = rawHeaders;
  }

  write(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  end(chunk?: Buffer): void {
    if (chunk !== undefined) this.chunks.push(chunk);
    this.ended = true;
  }

  destroy(): void {}
}

async function send(response: BufferedResponse, method = 'GET'): Promise<RecordingSink> {
  const sink = new RecordingSink(method);
  await writeBuffered(new ResponseWriter(sink, undefined, () => true), response);
  return sink;
}

const BODY = Buffer.from('{"id":7}');

describe('Function: writeBuffered', () => {
  it('frames the body with its Content-Length and sends it', async () => {
    // Act
    const sink = await send({ status: 200, rawHeaders: ['Content-Type', 'application/json'], body: BODY });

    // Assess
    expect(sink.status).toBe(200);
    expect(sink.headers).toEqual(['Content-Type', 'application/json', 'Content-Length', '8']);
    expect(Buffer.concat(sink.chunks)).toEqual(BODY);
    expect(sink.ended).toBe(true);
  });

  it('replaces a stale Content-Length in place and drops Transfer-Encoding', async () => {
    // Act
    const sink = await send({
      status: 201,
      rawHeaders: ['content-length', '999', 'X-Id', '7', 'Transfer-Encoding', 'chunked', 'Content-Length', '1'],
      body: BODY,
    });

    // Assess
    expect(sink.headers).toEqual(['content-length', '8', 'X-Id', '7']);
  });

  it('answers HEAD with the Content-Length a GET would get and no body', async () => {
    // Act
    const sink = await send({ status: 200, rawHeaders: ['Content-Type', 'application/json'], body: BODY }, 'HEAD');

    // Assess
    expect(sink.headers).toEqual(['Content-Type', 'application/json', 'Content-Length', '8']);
    expect(sink.chunks).toEqual([]);
    expect(sink.ended).toBe(true);
  });

  it.each([204, 304])('sends neither a body nor a length with %i', async (status) => {
    // Act
    const sink = await send({ status, rawHeaders: ['Content-Length', '8', 'ETag', '"a"'], body: BODY });

    // Assess
    expect(sink.headers).toEqual(['ETag', '"a"']);
    expect(sink.chunks).toEqual([]);
  });

  describe('on a real connection', () => {
    let server: Server;
    let port: number;

    beforeAll(async () => {
      server = createServer(
        (req, res) =>
          void writeBuffered(new ResponseWriter(res, undefined, () => true), { status: 200, rawHeaders: ['Content-Type', 'application/json'], body: BODY }),
      );
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as AddressInfo).port;
    });

    afterAll(async () => {
      server.close();
      await once(server, 'close');
    });

    it.each(['GET', 'HEAD'])('keeps the connection usable after a %s (the framing is exact)', async (method) => {
      // Prepare: one keep-alive connection for two requests in a row.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });

      // Act
      const answers: { status: number; length: string | undefined; body: string; socket: unknown }[] = [];
      for (let i = 0; i < 2; i += 1) {
        const req = request({ host: '127.0.0.1', port, method, path: '/', agent });
        req.end();
        const [res] = (await once(req, 'response')) as [IncomingMessage];
        const chunks: Buffer[] = [];
        for await (const chunk of res) chunks.push(chunk as Buffer);
        answers.push({ status: res.statusCode ?? 0, length: res.headers['content-length'], body: Buffer.concat(chunks).toString(), socket: req.socket });
      }
      agent.destroy();

      // Assess
      const body = method === 'HEAD' ? '' : BODY.toString();
      expect(answers.map(({ status, length, body: text }) => ({ status, length, body: text }))).toEqual([
        { status: 200, length: '8', body },
        { status: 200, length: '8', body },
      ]);
      expect(answers[1]!.socket).toBe(answers[0]!.socket);
    });
  });
});
