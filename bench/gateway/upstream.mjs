/**
 * The API every configuration proxies to: plain node:http, precomputed bodies, keep-alive.
 * Run as its own process (`node upstream.mjs --port N`) so it can be pinned to a core.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { USERS_JSON, bigBody } from './fixtures.mjs';

const JSON_TYPE = 'application/json';

function send(res, status, body) {
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': body.length });
  res.end(body);
}

/**
 * Creates the upstream server (not listening yet).
 * GET /users → 200 ~300 B JSON; POST /users → 201 the posted object with an `id` (~220 B);
 * GET /big → 200 256 KiB JSON; anything else → 404.
 *
 * @example
 * const server = createUpstream();
 * server.listen(0, '127.0.0.1');
 */
export function createUpstream() {
  const users = Buffer.from(USERS_JSON);
  const big = bigBody();
  const notFound = Buffer.from('{"error":"not found"}');
  let nextId = 1000;
  const server = createServer((req, res) => {
    if (req.url === '/users' && req.method === 'GET') return send(res, 200, users);
    if (req.url === '/big' && req.method === 'GET') return send(res, 200, big);
    if (req.url === '/users' && req.method === 'POST') {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (body[0] !== 0x7b /* { */) return send(res, 400, Buffer.from('{"error":"expected a JSON object"}'));
        // Echo without parsing: `{"id":N,` + the rest of the posted object.
        send(res, 201, Buffer.concat([Buffer.from(`{"id":${nextId++},`), body.subarray(1)]));
      });
      return;
    }
    send(res, 404, notFound);
  });
  // Outlive any idle gap between a warm-up and its measured run.
  server.keepAliveTimeout = 120_000;
  return server;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
  const server = createUpstream();
  server.listen(Number(values.port), values.host, () => {
    process.stdout.write(`upstream listening on ${values.host}:${server.address().port}\n`);
  });
  const stop = () => server.close(() => process.exit(0)).closeAllConnections();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
