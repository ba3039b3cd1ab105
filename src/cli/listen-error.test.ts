import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenFailure } from './listen-error.js';

describe('Function: listenFailure', () => {
  it('names the address, the reason and how to choose another port when the port is taken', async () => {
    // Prepare
    const holder = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as { port: number };
    const second = createServer().listen(port, '127.0.0.1');
    const [error] = (await once(second, 'error')) as [Error];
    holder.close();

    // Act
    const failure = listenFailure(error, { what: 'gateway', host: '127.0.0.1', port, choose: '--port PORT' });

    // Assess
    expect(failure).toMatchObject({ name: 'ListenError', code: 'SLUICE_LISTEN_FAILED', reason: 'EADDRINUSE' });
    expect((failure as Error).message).toContain(`127.0.0.1:${port}`);
    expect((failure as Error).message).toContain('--port PORT');
  });

  it('explains a privileged port', () => {
    // Act
    const failure = listenFailure(Object.assign(new Error('listen EACCES'), { code: 'EACCES' }), {
      what: 'gateway',
      host: '0.0.0.0',
      port: 80,
      choose: '--port PORT',
    });

    // Assess
    expect(failure).toMatchObject({ code: 'SLUICE_LISTEN_FAILED', reason: 'EACCES' });
    expect((failure as Error).message).toContain('below 1024');
  });

  it('returns other errors as they are', () => {
    // Prepare
    const error = new Error('boom');

    // Act
    const failure = listenFailure(error, { what: 'gateway', host: '127.0.0.1', port: 1, choose: '--port PORT' });

    // Assess
    expect(failure).toBe(error);
  });
});
