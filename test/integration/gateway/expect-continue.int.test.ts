import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { sendRaw } from '../../helpers/raw-socket.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

describe('Gateway: Expect: 100-continue', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway(tapConfig(upstream.url, { limits: { max_body_bytes: 1000 } }));
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('refuses an upload over the body limit with 413 before the client sends it', async () => {
    // Act
    const answer = await sendRaw(
      gw.port,
      'POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n',
    );

    // Assess
    expect(answer.status).toBe(413);
    expect(answer.text).not.toContain('100 Continue');
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_BODY_TOO_LARGE' } });
  });

  it('invites an upload within the limit with 100 Continue, then proxies it', async () => {
    // Act
    const answer = await sendRaw(
      gw.port,
      'POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
      {
        onData: (text, write) => {
          if (text.startsWith('HTTP/1.1 100 Continue\r\n\r\n') && !text.includes('200')) write('hello');
        },
      },
    );

    // Assess
    expect(answer.text.startsWith('HTTP/1.1 100 Continue\r\n\r\n')).toBe(true);
    expect(answer.text).toContain('HTTP/1.1 200');
    expect(answer.text.endsWith('hello')).toBe(true);
  });
});
