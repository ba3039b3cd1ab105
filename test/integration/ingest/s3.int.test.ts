import { randomBytes } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { fauxqsAws, refusingUrl, useEmulatorCredentials } from '../../helpers/ingest.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('#13 - s3 ingest routes', () => {
  let peer: FauxqsPeer;
  let gw: TestGateway;
  let restoreEnv: () => void;
  let bucket: string;

  const keys = async (prefix: string) => {
    const { Contents } = await peer.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    return (Contents ?? []).map((object) => object.Key);
  };

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials();
    peer = await startFauxqsPeer();
    bucket = await peer.createBucket();
    gw = await startGateway({
      aws: fauxqsAws(peer.endpoint),
      routes: [
        {
          name: 'upload',
          match: { methods: ['PUT', 'POST'], path: '/upload' },
          target: { type: 's3', bucket, key: 'uploads/${request.header.x-user}/${context.requestId}' },
          limits: { max_body_bytes: '64KiB' },
        },
        { name: 'default-key', match: { path: '/drop' }, target: { type: 's3', bucket } },
        { name: 'named', match: { path: '/named' }, target: { type: 's3', bucket, key: '$request.querystring.name' }, reply: { status: 201 } },
        { name: 'nowhere', match: { path: '/nowhere' }, target: { type: 's3', bucket: 'no-such-bucket-here' } },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await peer?.stop();
    restoreEnv?.();
  });

  it('stores the body byte for byte under the key template, with its Content-Type, and answers key and etag', async () => {
    // Prepare
    const body = randomBytes(40_000);

    // Act
    const res = await request(`${gw.url}/upload`, { method: 'PUT', headers: ['Content-Type', 'image/png', 'X-User', 'ada'], body });

    // Assess
    expect(res.status).toBe(200);
    const { key, etag } = res.json<{ key: string; etag: string }>();
    expect(key).toMatch(/^uploads\/ada\//);
    expect(key.slice('uploads/ada/'.length)).toMatch(UUID);
    const object = await peer.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(body)).toBe(true);
    expect(object.ContentType).toBe('image/png');
    expect(object.ETag).toBe(etag);
  });

  it('names the object after the request id by default, and answers reply.status', async () => {
    // Act
    const drop = await request(`${gw.url}/drop`, { method: 'POST', body: 'plain text' });
    const named = await request(`${gw.url}/named?name=reports/q3.csv`, { method: 'POST', headers: ['Content-Type', 'text/csv'], body: 'a,b\n1,2\n' });

    // Assess
    expect(drop.status).toBe(200);
    expect(drop.json<{ key: string }>().key).toMatch(UUID);
    expect(named.status).toBe(201);
    expect(named.json<{ key: string }>().key).toBe('reports/q3.csv');
    const object = await peer.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'reports/q3.csv' }));
    expect(await object.Body!.transformToString()).toBe('a,b\n1,2\n');
  });

  it("refuses a body over the route's limit with 413 before calling S3", async () => {
    // Act
    const res = await request(`${gw.url}/upload`, { method: 'PUT', headers: ['X-User', 'big'], body: Buffer.alloc(64 * 1024 + 1) });

    // Assess
    expect(res.status).toBe(413);
    expect(await keys('uploads/big/')).toEqual([]);
  });

  it('answers 400 naming Key when its template comes out empty, without calling S3', async () => {
    // Act
    const res = await request(`${gw.url}/named`, { method: 'POST', body: 'x' });

    // Assess
    expect(res.status).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('Key');
  });

  it("passes S3's refusal of an unknown bucket on with its status and error code", async () => {
    // Act
    const res = await request(`${gw.url}/nowhere`, { method: 'POST', body: 'hello' });

    // Assess
    expect(res.status).toBe(404);
    expect(res.json<{ error: { code: string; aws_code: string } }>().error).toMatchObject({ code: 'SLUICE_INGEST_REJECTED', aws_code: 'NoSuchBucket' });
  });

  it('answers 502 when S3 cannot be reached', async () => {
    // Prepare
    const dead = await startGateway({
      aws: { ...fauxqsAws(peer.endpoint), endpoints: { s3: await refusingUrl() } },
      routes: [{ name: 'dead', match: { path: '/dead' }, target: { type: 's3', bucket } }],
    });

    try {
      // Act
      const res = await request(`${dead.url}/dead`, { method: 'POST', body: 'hello' });

      // Assess
      expect(res.status).toBe(502);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('SLUICE_INGEST_UNAVAILABLE');
    } finally {
      await dead.stop();
    }
  });
});
