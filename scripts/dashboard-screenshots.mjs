// `npm run screenshots`: retakes README's dashboard screenshots (docs/images/dashboard-*.png)
// from a real stack, so they can be refreshed whenever the pages change.
//
// It builds nothing: run `npm run build` first (it runs the code in dist/ and serves dist/web).
// On 127.0.0.1 only, it starts an upstream API (some routes answer 5xx), a destination that
// refuses some records (retries) and dead-letters others (422), the gateway with capture, the
// forwarder and the dashboard with a chart sample every second. It then drives about four
// minutes of traffic (waves of request rate, an error burst, a destination outage that builds
// queue depth and oldest age, then recovers), takes the three screenshots with Debian's
// Chromium, stops everything and exits 0. A watchdog ends it (exit 1) if anything hangs.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { chromium } from 'playwright-core';
import { Registry } from 'prom-client';
import { request } from 'undici';

const root = fileURLToPath(new URL('../', import.meta.url));
const WEB_ROOT = join(root, 'dist/web');
const IMAGES = join(root, 'docs/images');
const CHROMIUM = '/usr/bin/chromium';
/** Seconds of traffic before the screenshots; the charts show the last 5 minutes. */
const TRAFFIC_SECONDS = Number(process.env.SCREENSHOT_TRAFFIC_SECONDS ?? 240);
/** The timeline, in seconds from the first request. */
const ERROR_BURST = { from: 60, to: 85 };
const OUTAGE = { from: 120, to: 175 };
/** At most this many requests in all, whatever the rate. */
const MAX_REQUESTS = 5_000;
/** Who the traffic's users are. */
const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Barbara Liskov', 'Edsger Dijkstra', 'Margaret Hamilton', 'Donald Knuth'];
const PLANS = ['free', 'team', 'enterprise'];
const WATCHDOG_MS = (TRAFFIC_SECONDS + 180) * 1_000;

const say = (line) => void process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (!existsSync(join(WEB_ROOT, 'index.html')) || !existsSync(join(root, 'dist/cli/dashboard-setup.js'))) {
  process.stderr.write('dashboard-screenshots: no build in dist/; run `npm run build` first\n');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`dashboard-screenshots: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);
  process.exit(1);
}

const { validateConfig } = await import('../dist/core/config-parse.js');
const { openQueue } = await import('../dist/queue/index.js');
const { Gateway } = await import('../dist/gateway/gateway.js');
const { AdminServer } = await import('../dist/gateway/admin-server.js');
const { createForwarder } = await import('../dist/forwarder/from-config.js');
const { openHistoryWriter } = await import('../dist/history/from-config.js');
const { createDashboard } = await import('../dist/cli/dashboard-setup.js');

const watchdog = setTimeout(() => {
  process.stderr.write('dashboard-screenshots: gave up after the watchdog\n');
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

/** What the stand-in servers do now; the timeline changes it. */
const mood = { errorBurst: false, outage: false, paused: false };

const upstream = await listen(
  createServer((req, res) => {
    void readBody(req).then((body) => answerUpstream(req, res, body));
  }),
);
const destination = await listen(
  createServer((req, res) => {
    void readBody(req).then((body) => {
      const { status, reason } = destinationAnswer(body);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
    });
  }),
);

const dir = await mkdtemp(join(tmpdir(), 'sluice-screenshots-'));
const config = validateConfig(
  {
    routes: [{ name: 'api', match: { path_prefix: '/' }, target: { type: 'http', url: upstream.url }, capture: true }],
    destination: { url: `${destination.url}/ingest`, dead_letter_on_4xx: true, concurrency: 8, retry: { base: 250, cap: 2_000 } },
    queue: { driver: 'sqlite', path: join(dir, 'sluice.db') },
  },
  { file: 'dashboard-screenshots' },
);
const registry = new Registry();
const queue = openQueue(config.queue);
// One history thread for captures and outcomes, as `sluice serve` keeps it.
const history = openHistoryWriter(config, undefined, 'outcomes');
const gateway = new Gateway({ config, queue, registry, history });
const admin = new AdminServer({ listen: config.admin.listen, routes: gateway.adminRoutes });
const adminPort = (await admin.listen(0, '127.0.0.1')).port;
const gatewayPort = (await gateway.listen(0, '127.0.0.1')).port;
const forwarder = createForwarder(config, { queue, registry, history });
forwarder.start();
const dashboard = createDashboard(config, queue, { registry, sampleIntervalMs: 1_000, webRoot: WEB_ROOT });
dashboard.mount(admin);
const GATEWAY = `http://127.0.0.1:${gatewayPort}`;
const ADMIN = `http://127.0.0.1:${adminPort}`;
say(`gateway ${GATEWAY}, dashboard ${ADMIN}/`);

let sent = 0;
let trafficOn = true;
const traffic = driveTraffic();
let exitCode = 0;
try {
  await sleep(TRAFFIC_SECONDS * 1_000);
  await takeScreenshots();
} catch (error) {
  process.stderr.write(`dashboard-screenshots: ${error instanceof Error ? error.stack : String(error)}\n`);
  exitCode = 1;
} finally {
  trafficOn = false;
  await traffic;
  dashboard.close();
  await forwarder.stop({ abort: true });
  await gateway.close();
  await admin.destroy();
  await queue.close();
  upstream.server.close();
  destination.server.close();
  await rm(dir, { recursive: true, force: true });
}
say(`sent ${sent} requests`);
process.exit(exitCode);

/** The request rate at second `t`: waves between about 3 and 11 per second, 80 s apart. */
function rateAt(t) {
  return 3 + 8 * (0.5 - 0.5 * Math.cos((2 * Math.PI * t) / 80));
}

/** Sends requests at the wave's rate until the screenshots are taken, following the timeline. */
async function driveTraffic() {
  const started = Date.now();
  const inFlight = new Set();
  let credit = 0;
  while (trafficOn && sent < MAX_REQUESTS) {
    const t = (Date.now() - started) / 1_000;
    mood.errorBurst = t >= ERROR_BURST.from && t < ERROR_BURST.to;
    if (mood.outage !== (t >= OUTAGE.from && t < OUTAGE.to)) {
      mood.outage = !mood.outage;
      say(`${Math.round(t)} s: destination ${mood.outage ? 'down' : 'back'}`);
    }
    credit = mood.paused ? 0 : credit + rateAt(t) / 10;
    for (; credit >= 1 && inFlight.size < 32; credit -= 1) {
      const call = oneRequest(sent).finally(() => inFlight.delete(call));
      inFlight.add(call);
      sent += 1;
    }
    await sleep(100);
  }
  await Promise.all(inFlight);
}

/** One request of the mix: mostly reads, some creates, a few webhooks the destination refuses. */
async function oneRequest(n, paymentsPath = '/api/payments') {
  // 7 and 20 share no factor: consecutive requests step through the whole mix.
  const pick = (n * 7) % 20;
  const name = NAMES[n % NAMES.length];
  // undici's request, not fetch: it sends only these headers, as an API client would.
  const get = (path) => request(`${GATEWAY}${path}`, { headers: { accept: 'application/json', 'user-agent': 'shop-web/2.4' } });
  const json = (method, path, body) =>
    request(`${GATEWAY}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer demo-token', 'user-agent': 'shop-web/2.4' },
      body: JSON.stringify(body),
    });
  let response;
  if (pick < 8) response = await get(`/api/users?page=${(n % 5) + 1}`);
  else if (pick < 11)
    response = await json('POST', '/api/users', { name, email: `${name.split(' ')[0].toLowerCase()}@example.com`, plan: PLANS[n % 3], seats: (n % 12) + 1 });
  else if (pick < 15) response = await get(`/api/orders/${4_700 + (n % 100)}`);
  else if (pick < 18) response = await json('POST', paymentsPath, { order: 4_700 + (n % 90), amount: ((n * 37) % 9_000) / 100 + 5, currency: 'EUR' });
  else if (pick < 19) response = await json('PUT', `/api/users/${500 + (n % 40)}`, { plan: PLANS[(n + 1) % 3] });
  else response = await json('POST', '/webhooks/legacy', { event: 'invoice.paid', invoice: `in_${n}` });
  await response.body.dump();
}

function answerUpstream(req, res, body) {
  const url = new URL(req.url, 'http://upstream');
  const send = (status, payload) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  if (url.pathname === '/api/users' && req.method === 'POST') {
    const input = JSON.parse(body || '{}');
    return send(201, { id: `usr_${Math.random().toString(36).slice(2, 10)}`, ...input, created_at: new Date().toISOString() });
  }
  if (url.pathname === '/api/users') {
    const page = Number(url.searchParams.get('page') ?? 1);
    return send(200, { page, users: NAMES.slice(0, 3).map((name, index) => ({ id: 500 + page * 3 + index, name })) });
  }
  if (url.pathname === '/api/orders/4799') return send(503, { error: 'orders database unavailable' });
  if (url.pathname.startsWith('/api/orders/')) {
    if (mood.errorBurst && Math.random() < 0.95) return send(503, { error: 'orders database unavailable' });
    return send(200, { id: Number(url.pathname.split('/').pop()), status: 'shipped' });
  }
  if (url.pathname === '/api/refunds') return send(201, { id: `re_${Math.random().toString(36).slice(2, 10)}`, state: 'pending' });
  if (url.pathname === '/api/payments') {
    if (Math.random() < (mood.errorBurst ? 0.8 : 0.04)) return send(502, { error: 'payment provider timed out' });
    return send(201, { id: `pay_${Math.random().toString(36).slice(2, 10)}`, state: 'authorized' });
  }
  if (url.pathname.startsWith('/api/users/')) return send(200, { id: Number(url.pathname.split('/').pop()), ...JSON.parse(body || '{}') });
  if (url.pathname === '/webhooks/legacy') return send(202, { accepted: true });
  return send(404, { error: 'not found' });
}

/** The destination: down during the outage, refuses the legacy webhooks (dead letters), and fails a few at random (retries). */
function destinationAnswer(body) {
  if (mood.outage) return { status: 503, reason: 'maintenance' };
  if (body.includes('/webhooks/legacy')) return { status: 422, reason: 'unknown event type' };
  if (body.includes('/api/refunds')) return { status: 503, reason: 'refunds ledger busy' };
  if (Math.random() < 0.06) return { status: 500, reason: 'try again' };
  return { status: 204, reason: '' };
}

async function takeScreenshots() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${ADMIN}/#/charts?minutes=5`);
    await page.locator('svg.chart path.line').nth(5).waitFor();
    await page.screenshot({ path: join(IMAGES, 'dashboard-charts.png') });
    say('dashboard-charts.png');

    // A create delivered after a retry or two shows the attempts table at its most telling.
    const found = await (await fetch(`${ADMIN}/api/history?method=POST&path=/api/users&state=delivered&limit=100`)).json();
    const id = (found.entries.find((entry) => entry.attempts >= 2 && entry.attempts <= 3) ?? found.entries[0])?.id;
    if (id === undefined) throw new Error('no delivered POST /api/users in the history');
    await page.goto(`${ADMIN}/#/entry/${encodeURIComponent(id)}`);
    await page.getByRole('heading', { name: 'Request' }).waitFor();
    await page.screenshot({ path: join(IMAGES, 'dashboard-detail.png'), fullPage: true });
    say('dashboard-detail.png');

    // The tail on a phone, its newest rows one of each state. The random traffic stops first: a
    // tail redrawn many times a second can stall Chromium's capture.
    mood.paused = true;
    await sleep(3_000);
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(`${ADMIN}/#/tail`);
    await phone.locator('.tail-list tbody tr').nth(12).waitFor();
    for (const n of [4, 99, 17, 5, 1, 14]) {
      await oneRequest(n, n === 5 ? '/api/refunds' : undefined);
      await sleep(300);
    }
    await phone.locator('.tail-list tbody tr', { hasText: '/api/refunds' }).waitFor();
    await sleep(1_500);
    await phone.screenshot({ path: join(IMAGES, 'dashboard-phone.png') });
    say('dashboard-phone.png');
  } finally {
    await browser.close();
  }
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
