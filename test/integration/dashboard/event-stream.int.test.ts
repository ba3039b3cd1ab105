import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardStack, type DashboardStack } from '../../helpers/dashboard-stack.js';
import { request } from '../../helpers/http-client.js';

interface Change {
  id: string;
  data: { seq: number; summary: { path: string; state: string } };
}

/** Reads server-sent events until `done` says stop, then aborts the stream. */
async function readEvents(
  url: string,
  headers: Record<string, string>,
  done: (changes: Change[]) => boolean,
): Promise<{ changes: Change[]; contentType: string | null }> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const changes: Change[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id !== undefined && data !== undefined) changes.push({ id, data: JSON.parse(data) as Change['data'] });
      }
      if (done(changes)) break;
    }
  } finally {
    abort.abort();
  }
  return { changes, contentType: res.headers.get('content-type') };
}

describe('Dashboard: /api/events, the live tail stream', () => {
  let stack: DashboardStack;

  beforeAll(async () => {
    stack = await startDashboardStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('streams each exchange as it is delivered, and resumes after Last-Event-ID without repeating', async () => {
    // Prepare: a stream open before the traffic.
    const live = readEvents(`${stack.adminUrl}/api/events`, {}, (changes) => changes.some((change) => change.data.summary.path === '/api/orders'));

    // Act
    await request(`${stack.gw.url}/api/users`);
    await request(`${stack.gw.url}/api/orders`);
    const { changes, contentType } = await live;
    const first = changes.find((change) => change.data.summary.path === '/api/users')!;
    await request(`${stack.gw.url}/api/users?again=1`);
    const resumed = await readEvents(
      `${stack.adminUrl}/api/events`,
      { 'Last-Event-ID': first.id },
      (list) =>
        list.filter((change) => change.data.summary.path === '/api/users').length >= 1 && list.some((change) => change.data.summary.path === '/api/orders'),
    );

    // Assess
    expect(contentType).toBe('text/event-stream; charset=utf-8');
    expect(first.data.summary).toMatchObject({ path: '/api/users', state: 'delivered' });
    expect(resumed.changes.map((change) => change.data.summary.path)).not.toContain(undefined);
    expect(resumed.changes.every((change) => Number(change.id) > Number(first.id))).toBe(true);
  });

  it('drops a client that goes away', async () => {
    // Act
    await readEvents(`${stack.adminUrl}/api/events`, {}, () => true);
    const deadline = Date.now() + 20_000;
    while (stack.dashboard.eventClients > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

    // Assess
    expect(stack.dashboard.eventClients).toBe(0);
  });
});
