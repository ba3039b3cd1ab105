import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** A TCP relay on 127.0.0.1 in front of a port, whose connections a test can cut. */
export interface TcpRelay {
  /** `http://127.0.0.1:PORT` of the relay. */
  readonly url: string;
  /** Cuts every open connection, and refuses new ones until `restore()`: the network is down. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * Relays 127.0.0.1:PORT to `targetPort`, so a test can drop a browser's long-lived connections
 * (an event stream) as a flaky network does, which the browser's own offline mode does not do
 * to a stream already open.
 *
 * @example
 * ```ts
 * const relay = await startTcpRelay(adminPort);
 * await page.goto(relay.url);
 * relay.cut();
 * relay.restore();
 * await relay.close();
 * ```
 */
export async function startTcpRelay(targetPort: number): Promise<TcpRelay> {
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) return void client.destroy();
    const target = connect(targetPort, '127.0.0.1');
    open.add(client).add(target);
    const drop = (): void => {
      client.destroy();
      target.destroy();
      open.delete(client);
      open.delete(target);
    };
    client.on('error', drop).on('close', drop);
    target.on('error', drop).on('close', drop);
    client.pipe(target).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut() {
      down = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
