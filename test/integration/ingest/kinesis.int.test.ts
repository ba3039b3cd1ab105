import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAUXQS_REGION } from '../../helpers/fauxqs.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { refusingUrl, useEmulatorCredentials } from '../../helpers/ingest.js';
import { startKinesisPeer, type KinesisPeer } from '../../helpers/kinesis-peer.js';
import { issuerKey, startOidcIssuer, type IssuerKey, type OidcIssuer } from '../../helpers/oidc-issuer.js';

const AUDIENCE = 'readings-client';

describe('#13 - kinesis ingest routes', () => {
  let restoreEnv: () => void;
  let kinesis: KinesisPeer;
  let idp: OidcIssuer;
  let key: IssuerKey;
  let stream: string;
  let gw: TestGateway;

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials();
    [kinesis, key] = await Promise.all([startKinesisPeer(), issuerKey()]);
    idp = await startOidcIssuer([key]);
    stream = await kinesis.createStream();
    gw = await startGateway({
      aws: { region: FAUXQS_REGION, endpoints: { kinesis: kinesis.endpoint } },
      routes: [
        { name: 'raw', match: { methods: ['POST'], path: '/raw' }, target: { type: 'kinesis', stream_name: stream } },
        {
          name: 'device',
          match: { methods: ['POST'], path: '/device' },
          target: { type: 'kinesis', stream_name: stream, params: { PartitionKey: '${request.header.x-device}/${context.authorizer.claims.sub}' } },
          auth: { type: 'jwt', issuer: idp.issuer, audience: [AUDIENCE] },
          reply: { status: 202 },
        },
        {
          name: 'keyed',
          match: { methods: ['POST'], path: '/keyed' },
          target: { type: 'kinesis', stream_name: stream, params: { PartitionKey: '$request.header.x-device' } },
        },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await Promise.all([kinesis?.stop(), idp?.close()]);
    restoreEnv?.();
  });

  it('puts the body as sent, byte for byte, and answers the sequence number and shard', async () => {
    // Prepare
    const body = Buffer.from([0x00, 0xff, 0x7b, 0x0a, 0xc3]);
    const before = (await kinesis.readAll(stream)).length;

    // Act
    const res = await request(`${gw.url}/raw`, { method: 'POST', headers: ['Content-Type', 'application/octet-stream'], body });

    // Assess
    expect(res.status).toBe(200);
    const reply = res.json<{ sequenceNumber: string; shardId: string }>();
    const records = await kinesis.readAll(stream);
    expect(records).toHaveLength(before + 1);
    const record = records.find((candidate) => candidate.sequenceNumber === reply.sequenceNumber);
    expect(record?.shardId).toBe(reply.shardId);
    expect(record?.data.equals(body)).toBe(true);
    // The default partition key is the request id: one per request.
    expect(record?.partitionKey).toMatch(/\S/);
  });

  it('gives every request its own partition key by default', async () => {
    // Act
    const replies = await Promise.all([1, 2].map((n) => request(`${gw.url}/raw`, { method: 'POST', body: `{"n":${n}}` })));

    // Assess
    const sequences = replies.map((res) => res.json<{ sequenceNumber: string }>().sequenceNumber);
    const records = (await kinesis.readAll(stream)).filter((record) => sequences.includes(record.sequenceNumber));
    expect(new Set(records.map((record) => record.partitionKey)).size).toBe(2);
  });

  it('takes params from headers and JWT claims, and answers reply.status', async () => {
    // Prepare
    const token = await idp.mint(key, { aud: AUDIENCE, sub: 'user-7' });

    // Act
    const res = await request(`${gw.url}/device`, {
      method: 'POST',
      headers: ['Authorization', `Bearer ${token}`, 'X-Device', 'thermo-1', 'Content-Type', 'application/json'],
      body: '{"celsius":21.5}',
    });

    // Assess
    expect(res.status).toBe(202);
    const { sequenceNumber } = res.json<{ sequenceNumber: string }>();
    const record = (await kinesis.readAll(stream)).find((candidate) => candidate.sequenceNumber === sequenceNumber);
    expect(record?.partitionKey).toBe('thermo-1/user-7');
    expect(record?.data.toString('utf8')).toBe('{"celsius":21.5}');
  });

  it('answers 400 naming a required parameter that came out empty, and puts nothing', async () => {
    // Prepare
    const before = (await kinesis.readAll(stream)).length;

    // Act: no X-Device header, so PartitionKey has no value
    const res = await request(`${gw.url}/keyed`, { method: 'POST', body: '{}' });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.toString('utf8')).toContain('PartitionKey');
    expect(await kinesis.readAll(stream)).toHaveLength(before);
  });

  it('answers 413 for a body over Kinesis’s 1 MiB record limit, and puts nothing', async () => {
    // Prepare
    const before = (await kinesis.readAll(stream)).length;

    // Act
    const res = await request(`${gw.url}/raw`, { method: 'POST', body: Buffer.alloc(1024 * 1024 + 1, 0x61) });

    // Assess
    expect(res.status).toBe(413);
    expect(await kinesis.readAll(stream)).toHaveLength(before);
  });

  it('answers 502 when the Kinesis endpoint is unreachable', async () => {
    // Prepare
    const dead = await startGateway({
      aws: { region: FAUXQS_REGION, endpoints: { kinesis: await refusingUrl() } },
      routes: [{ name: 'raw', match: { path: '/raw' }, target: { type: 'kinesis', stream_name: stream } }],
    });

    // Act
    const res = await request(`${dead.url}/raw`, { method: 'POST', body: 'x' }).finally(() => dead.stop());

    // Assess
    expect(res.status).toBe(502);
  });
});
