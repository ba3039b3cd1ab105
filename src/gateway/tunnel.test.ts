import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tunnel } from './tunnel.js';

const servers: Server[] = [];

/** Two connected TCP sockets on 127.0.0.1: `near` (what the tunnel holds) and `far` (its peer). */
async function socketPair(allowHalfOpen: boolean, farHalfOpen = false): Promise<{ near: Socket; far: Socket }> {
  const server = createServer({ allowHalfOpen });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const far = connect({ port: (server.address() as { port: number }).port, host: '127.0.0.1', allowHalfOpen: farHalfOpen });
  const [near] = await accepted;
  await once(far, 'connect');
  return { near, far };
}

function readAll(socket: Socket): Promise<string> {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return once(socket, 'end').then(() => text);
}

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('Function: tunnel', () => {
  it('carries bytes both ways, the client head first, and passes each end of stream on', async () => {
    // Prepare
    const client = await socketPair(true);
    const upstream = await socketPair(false);
    const atUpstream = readAll(upstream.far);
    const atClient = readAll(client.far);

    // Act
    const done = tunnel(client.near, Buffer.from('head;'), upstream.near);
    client.far.end('from client');
    upstream.far.end('from upstream');

    // Assess
    expect(await atUpstream).toBe('head;from client');
    expect(await atClient).toBe('from upstream');
    await done;
    expect([client.near.destroyed, upstream.near.destroyed]).toEqual([true, true]);
  });

  it('destroys both sides when one fails', async () => {
    // Prepare
    const client = await socketPair(true);
    const upstream = await socketPair(false);
    const done = tunnel(client.near, Buffer.alloc(0), upstream.near);

    // Act
    client.far.resetAndDestroy();
    await done;

    // Assess
    expect(upstream.near.destroyed).toBe(true);
  });

  it('cuts a side that stays open after the other closed, once the linger time passes', async () => {
    // Prepare: the client's peer keeps its side open after receiving the end of stream.
    const client = await socketPair(true, true);
    const upstream = await socketPair(false);
    client.far.on('data', () => {});
    const done = tunnel(client.near, Buffer.alloc(0), upstream.near, 50);

    // Act
    upstream.far.end();
    await done;

    // Assess
    expect(client.near.destroyed).toBe(true);
    client.far.destroy();
  });
});
