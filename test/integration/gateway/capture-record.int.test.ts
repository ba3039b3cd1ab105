import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toDeliverable } from '../../../src/core/capture-record.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** SPEC §1, in the source design's order. */
const RECORD_KEYS = [
  'id',
  'timestamp',
  'duration_ms',
  'route',
  'from',
  'endpoint',
  'method',
  'query',
  'body',
  'request_headers',
  'response',
  'response_headers',
  'status',
];

describe('Gateway capture record (SPEC §1)', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway({
      routes: [
        { name: 'users', match: { path_prefix: '/api/v1/users' }, target: { type: 'http', url: `${upstream.url}/echo/users` }, capture: true },
        { name: 'down', match: { path_prefix: '/down' }, target: { type: 'http', url: 'http://127.0.0.1:1' }, capture: true },
        { name: 'plain', match: { path_prefix: '/' }, target: { type: 'http', url: upstream.url } },
      ],
    });
  });

  afterEach(async () => {
    await gw.takeRecords();
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('records a JSON exchange with exactly the keys of §1, in order, as soon as the client has the response', async () => {
    // Prepare
    const body = '{"name":"morpheus","job":"leader"}';

    // Act
    const res = await request(`${gw.url}/api/v1/users?page=2&tag=a&tag=b`, {
      method: 'POST',
      headers: ['Host', 'abc123.execute-api.eu-west-1.amazonaws.com', 'Content-Type', 'application/json', 'X-Trace', 't1', 'x-trace', 't2'],
      body,
    });
    const records = await gw.takeRecords();

    // Assess
    expect(res.status).toBe(200);
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(Object.keys(record)).toEqual(RECORD_KEYS);
    expect(record).toMatchObject({
      route: 'users',
      from: 'abc123.execute-api.eu-west-1.amazonaws.com',
      endpoint: '/api/v1/users',
      method: 'POST',
      query: { page: '2', tag: ['a', 'b'] },
      body: { name: 'morpheus', job: 'leader' },
      request_headers: {
        Host: 'abc123.execute-api.eu-west-1.amazonaws.com',
        'Content-Type': 'application/json',
        'X-Trace': ['t1', 't2'],
      },
      response: { name: 'morpheus', job: 'leader' },
      response_headers: { 'Content-Type': 'application/json', 'X-Echo-Method': 'POST' },
      status: 200,
    });
    expect(record.id).toMatch(UUID_V7);
    expect(new Date(record.timestamp).toISOString()).toBe(record.timestamp);
    expect(record.duration_ms).toBeGreaterThanOrEqual(0);
    expect(Object.keys(record.request_headers)).not.toContain('x-trace');
  });

  it('uses the record id as the queued message id (the delivery idempotency key)', async () => {
    // Prepare
    await request(`${gw.url}/api/v1/users`);

    // Act
    const [message] = await gw.queue!.receive();

    // Assess
    expect(message).toBeDefined();
    expect(toDeliverable(message!.body).id).toBe(message!.id);
  });

  it.each([
    { kind: 'JSON', contentType: 'application/json; charset=utf-8', body: Buffer.from('[1,{"a":null}]'), value: [1, { a: null }], encoding: undefined },
    { kind: '+json', contentType: 'application/problem+json', body: Buffer.from('{"title":"x"}'), value: { title: 'x' }, encoding: undefined },
    { kind: 'JSON that does not parse', contentType: 'application/json', body: Buffer.from('{"a":'), value: '{"a":', encoding: undefined },
    { kind: 'text', contentType: 'text/plain', body: Buffer.from('héllo\n'), value: 'héllo\n', encoding: undefined },
    { kind: 'XML', contentType: 'application/xml', body: Buffer.from('<a>1</a>'), value: '<a>1</a>', encoding: undefined },
    { kind: 'text that is not UTF-8', contentType: 'text/plain', body: Buffer.from([0xff, 0xfe, 0x41]), value: '//5B', encoding: 'base64' },
    { kind: 'binary', contentType: 'application/octet-stream', body: Buffer.from([0, 1, 2, 255]), value: 'AAEC/w==', encoding: 'base64' },
    { kind: 'untyped', contentType: undefined, body: Buffer.from('abc'), value: 'YWJj', encoding: 'base64' },
    { kind: 'empty', contentType: 'application/json', body: Buffer.alloc(0), value: null, encoding: undefined },
  ])('renders a $kind body on both sides', async ({ contentType, body, value, encoding }) => {
    // Act
    await request(`${gw.url}/api/v1/users/body`, { method: 'PUT', headers: contentType ? ['Content-Type', contentType] : [], body });
    const [record] = await gw.takeRecords();

    // Assess
    expect(record).toBeDefined();
    expect(record!.body).toEqual(value);
    expect(record!.response).toEqual(value);
    expect(record!.body_encoding).toBe(encoding);
    expect(record!.response_encoding).toBe(encoding);
    expect(record!.body_truncated).toBeUndefined();
    expect(record!.response_truncated).toBeUndefined();
  });

  it('keeps the endpoint undecoded and an empty query as an empty object', async () => {
    // Act
    await request(`${gw.url}/api/v1/users/a%20b`);
    const [record] = await gw.takeRecords();

    // Assess
    expect(record).toMatchObject({ endpoint: '/api/v1/users/a%20b', query: {}, method: 'GET', body: null });
  });

  it('records a gateway error on a captured route like any response', async () => {
    // Act
    const res = await request(`${gw.url}/down`);
    const [record] = await gw.takeRecords();

    // Assess
    expect(res.status).toBe(502);
    expect(record).toMatchObject({ route: 'down', status: 502, response: { error: { code: 'SLUICE_UPSTREAM_UNREACHABLE' } } });
  });

  it('records nothing for routes without capture, nor for requests no route matched', async () => {
    // Act
    await request(`${gw.url}/echo/plain`);
    const records = await gw.takeRecords();

    // Assess
    expect(records).toEqual([]);
  });

  it('gives every exchange its own time-ordered id', async () => {
    // Act
    for (let i = 0; i < 5; i += 1) await request(`${gw.url}/api/v1/users/${i}`);
    const records = await gw.takeRecords();

    // Assess
    expect(records.map((record) => record.endpoint)).toEqual([0, 1, 2, 3, 4].map((i) => `/api/v1/users/${i}`));
    expect(new Set(records.map((record) => record.id)).size).toBe(5);
  });
});
