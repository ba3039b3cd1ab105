import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/admin/static-assets.js';
import { startDashboardStack, type DashboardStack } from '../../helpers/dashboard-stack.js';
import { request } from '../../helpers/http-client.js';
import { waitFor } from '../../helpers/wait-for.js';

interface Page {
  entries: { id: string; method: string; path: string; status: number; state: string }[];
  nextCursor?: string;
}

const JSON_HEADERS = ['Content-Type', 'application/json'];

describe('Dashboard: the admin JSON API (issue 14 §3)', () => {
  let stack: DashboardStack;
  const api = (path: string) => request(`${stack.adminUrl}${path}`);
  const post = (path: string, body: unknown, headers: string[] = JSON_HEADERS) =>
    request(`${stack.adminUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  let history: () => Promise<Page>;

  beforeAll(async () => {
    stack = await startDashboardStack();
    history = async () => (await api('/api/history')).json<Page>();
    await request(`${stack.gw.url}/api/users`, { method: 'POST', headers: ['Content-Type', 'application/json'], body: '{"name":"morpheus"}' });
    await request(`${stack.gw.url}/api/orders?id=4711`);
    await request(`${stack.gw.url}/api/doomed`, { method: 'DELETE' });
    const deadline = Date.now() + 30_000;
    while ((await history()).entries.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists the history newest first and filters it as sluice history does', async () => {
    // Act
    const all = await history();
    const failed = (await api('/api/history?status=5xx')).json<Page>();
    const dead = (await api('/api/history?state=dead_letter')).json<Page>();
    const text = (await api('/api/history?q=morpheus')).json<Page>();

    // Assess
    expect(all.entries.map((entry) => entry.path)).toEqual(['/api/doomed', '/api/orders', '/api/users']);
    expect(failed.entries.map((entry) => entry.path)).toEqual(['/api/orders']);
    expect(dead.entries.map((entry) => entry.path)).toEqual(['/api/doomed']);
    expect(text.entries.map((entry) => entry.path)).toEqual(['/api/users']);
  });

  it('pages with a cursor and refuses a bad filter with 400', async () => {
    // Act
    const first = (await api('/api/history?limit=2')).json<Page>();
    const second = (await api(`/api/history?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)).json<Page>();
    const bad = await api('/api/history?status=teapot');

    // Assess
    expect(first.entries).toHaveLength(2);
    expect(second.entries.map((entry) => entry.path)).toEqual(['/api/users']);
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'SLUICE_INVALID_ARGUMENT' } });
  });

  it('shows one exchange with its record and attempts, and 404 for an unknown id', async () => {
    // Prepare
    const users = (await history()).entries.find((entry) => entry.path === '/api/users')!;

    // Act
    const entry = await api(`/api/history/${users.id}`);
    const unknown = await api('/api/history/0190f5c2-0000-7000-8000-000000000000');

    // Assess
    expect(entry.status).toBe(200);
    expect(entry.json()).toMatchObject({
      id: users.id,
      state: 'delivered',
      record: { method: 'POST', body: { name: 'morpheus' }, status: 201 },
      attemptLog: [{ attempt: 1 }],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'SLUICE_MESSAGE_NOT_FOUND' } });
  });

  it('shows the dead letters, redrives one by id and the destination gets it again', async () => {
    // Prepare
    const letters = (await api('/api/dlq')).json<{ total: number; letters: { id: string; endpoint: string; reason: string }[] }>();
    const doomed = letters.letters[0]!;
    stack.receiver.behaviour = () => undefined;

    // Act
    const redriven = await post('/api/dlq/redrive', { ids: [doomed.id, 'not-a-dead-letter'] });
    await waitFor(() => stack.receiver.acceptedIds.has(doomed.id), 'the redriven record delivered');

    // Assess
    expect(letters).toMatchObject({ total: 1, letters: [{ endpoint: '/api/doomed', reason: 'client_error' }] });
    expect(redriven.json()).toEqual({ redriven: 1, missing: ['not-a-dead-letter'] });
    expect((await api('/api/dlq')).json()).toMatchObject({ total: 0, letters: [] });
  });

  it.each([
    { description: 'a form post (415)', headers: ['Content-Type', 'application/x-www-form-urlencoded'], status: 415 },
    { description: 'JSON from another origin (403)', headers: ['Content-Type', 'application/json', 'Origin', 'https://evil.example'], status: 403 },
    { description: 'a cross-site fetch (403)', headers: ['Content-Type', 'application/json', 'Sec-Fetch-Site', 'cross-site'], status: 403 },
  ])('refuses $description before touching the queue', async ({ headers, status }) => {
    // Act
    const res = await post('/api/dlq/purge', { all: true }, headers);

    // Assess
    expect(res.status).toBe(status);
  });

  it('refuses a purge without a selection (400) and a GET on a POST endpoint (405)', async () => {
    // Act
    const empty = await post('/api/dlq/purge', {});
    const get = await api('/api/dlq/purge');

    // Assess
    expect(empty.status).toBe(400);
    expect(empty.json()).toMatchObject({ error: { code: 'SLUICE_INVALID_ARGUMENT' } });
    // The exact path wins over `/api/dlq/:id`: it is never read as a dead letter named "purge".
    expect(get.status).toBe(405);
    expect(get.header('allow')).toBe('POST');
  });

  it('serves chart samples of the request rate and queue figures', async () => {
    // Prepare: two samples after the traffic, so a rate covers it.
    await waitFor(() => stack.dashboard !== undefined, 'the dashboard');
    let body: { intervalMs: number; samples: { requestRate: number | null; queueDepth: number | null }[] } = { intervalMs: 0, samples: [] };
    const deadline = Date.now() + 30_000;
    while (!body.samples.some((sample) => (sample.requestRate ?? 0) > 0) && Date.now() < deadline) {
      body = (await api('/api/stats?minutes=5')).json();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Assess
    expect(body.intervalMs).toBe(250);
    expect(body.samples.some((sample) => (sample.requestRate ?? 0) > 0)).toBe(true);
    expect(body.samples.at(-1)!.queueDepth).toEqual(expect.any(Number));
    expect((await api('/api/stats?minutes=120')).status).toBe(400);
  });

  it('serves the sluice status report as JSON', async () => {
    // Act
    const res = await api('/api/status');

    // Assess
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ state: expect.any(String), queue: { depth: expect.any(Number) }, dlq: { depth: expect.any(Number) } });
  });

  it('serves the page, script and stylesheet with their types, the CSP and no framing', async () => {
    // Act
    const page = await api('/');
    const script = await api('/app.js');
    const style = await api('/app.css');

    // Assess
    expect(page.status).toBe(200);
    expect(page.header('content-type')).toBe('text/html; charset=utf-8');
    expect(page.header('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.header('x-frame-options')).toBe('DENY');
    expect(page.body.toString()).toContain('<script type="module" src="/app.js"></script>');
    expect(script.header('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.body.length).toBeGreaterThan(1000);
    expect(style.header('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers a foreign Host with 403 when no credentials are configured (DNS rebinding)', async () => {
    // Act
    const res = await request(`${stack.adminUrl}/api/history`, { headers: ['Host', 'rebound.example:9901'] });

    // Assess
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_FORBIDDEN' } });
  });

  it('replays chosen exchanges to a URL and reports how each answer compares', async () => {
    // Prepare
    const users = (await history()).entries.find((entry) => entry.path === '/api/users')!;
    const before = stack.upstream.requests.length;

    // Act
    const response = await post('/api/replay', { to: stack.upstream.url, ids: [users.id], rate: '100/s' });

    // Assess
    expect(response.status).toBe(200);
    const summary = response.json<{ total: number; sent: number; failed: number; results: { id: string; status: number; recordedStatus: number }[] }>();
    expect(summary).toMatchObject({ total: 1, sent: 1, failed: 0 });
    expect(summary.results[0]).toMatchObject({ id: users.id, status: 201, recordedStatus: 201 });
    const replayed = stack.upstream.requests.slice(before).find((received) => received.url === '/api/users')!;
    expect(replayed.method).toBe('POST');
    const header = replayed.rawHeaders.findIndex((name, index) => index % 2 === 0 && name.toLowerCase() === 'sluice-replay');
    expect(replayed.rawHeaders[header + 1]).toBe(users.id);
    await replayed.ended;
    expect(replayed.body.toString()).toContain('morpheus');
  });

  it('replays a filter as a dry run without sending anything', async () => {
    // Prepare
    const before = stack.upstream.requests.length;

    // Act
    const response = await post('/api/replay', { to: stack.upstream.url, filter: { status: '5xx' }, dryRun: true });

    // Assess
    expect(response.status).toBe(200);
    const summary = response.json<{ total: number; dryRun: boolean; results: { path: string }[] }>();
    expect(summary.dryRun).toBe(true);
    expect(summary.total).toBeGreaterThanOrEqual(1);
    expect(summary.results.map((result) => result.path)).toContain('/api/orders?id=4711');
    expect(stack.upstream.requests.length).toBe(before);
  });

  it.each([
    [{ to: 'ftp://127.0.0.1/', ids: ['x'] }, /to: expected an http or https URL/],
    [{ to: 'http://user:pw@127.0.0.1/', ids: ['x'] }, /credentials in the URL/],
    [{ to: 'http://127.0.0.1:9/', filter: { colour: 'red' } }, /filter\.colour: unknown/],
    [{ to: 'http://127.0.0.1:9/', ids: [] }, /ids: expected a non-empty array/],
    [{ to: 'http://127.0.0.1:9/', ids: ['no-such-entry'] }, /no history entry with id no-such-entry/],
    [{ to: 'http://127.0.0.1:9/', filter: {}, rate: 'fast' }, /expected a rate such as 2x/],
  ])('refuses a replay it cannot read with 400 and the reason: %j', async (body, reason) => {
    // Act
    const response = await post('/api/replay', body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(reason);
  });
});
