import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbPeer, type DynamoDbPeer } from '../../helpers/dynamodb-peer.js';
import { FAUXQS_REGION } from '../../helpers/fauxqs.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { refusingUrl, useEmulatorCredentials } from '../../helpers/ingest.js';
import { issuerKey, startOidcIssuer, type IssuerKey, type OidcIssuer } from '../../helpers/oidc-issuer.js';

const AUDIENCE = 'signups-client';

describe('#13 - dynamodb ingest routes', () => {
  let restoreEnv: () => void;
  let dynamodb: DynamoDbPeer;
  let idp: OidcIssuer;
  let key: IssuerKey;
  let table: string;
  let gw: TestGateway;

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials();
    [dynamodb, key] = await Promise.all([startDynamoDbPeer(), issuerKey()]);
    idp = await startOidcIssuer([key]);
    table = await dynamodb.createTable('id');
    gw = await startGateway({
      aws: { region: FAUXQS_REGION, endpoints: { dynamodb: dynamodb.endpoint } },
      routes: [
        { name: 'items', match: { methods: ['POST'], path: '/items' }, target: { type: 'dynamodb', table } },
        {
          // Writes only a new item, or one the caller's tenant (a header) and user (a claim) own.
          name: 'owned',
          match: { methods: ['POST'], path: '/owned' },
          target: {
            type: 'dynamodb',
            table,
            params: {
              ConditionExpression: 'attribute_not_exists(id) OR (#owner = :owner)',
              ExpressionAttributeNames: '{"#owner":"owner"}',
              ExpressionAttributeValues: '{":owner":"${request.header.x-tenant}/${context.authorizer.claims.sub}"}',
            },
          },
          auth: { type: 'jwt', issuer: idp.issuer, audience: [AUDIENCE] },
        },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await Promise.all([dynamodb?.stop(), idp?.close()]);
    restoreEnv?.();
  });

  it('writes the JSON body as the item, marshalled to DynamoDB types, and answers the table', async () => {
    // Prepare
    const item = { id: 'o-1', total: 12.5, count: 3, paid: true, note: null, tags: ['a', 'b'], customer: { name: 'Ada', vip: false } };

    // Act
    const res = await request(`${gw.url}/items`, { method: 'POST', headers: ['Content-Type', 'application/json'], body: JSON.stringify(item) });

    // Assess
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ table });
    expect(await dynamodb.getItem(table, { id: 'o-1' })).toEqual(item);
  });

  it.each([
    { description: 'an array', body: '[{"id":"x"}]' },
    { description: 'a string', body: '"id"' },
    { description: 'not JSON', body: 'id=x' },
  ])('answers 400 for a body that is $description before calling DynamoDB', async ({ body }) => {
    // Act
    const res = await request(`${gw.url}/items`, { method: 'POST', headers: ['Content-Type', 'application/json'], body });

    // Assess: Sluice's own refusal, not the service's
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_BAD_REQUEST' } });
    expect(await dynamodb.getItem(table, { id: 'x' })).toBeUndefined();
  });

  it('takes condition values from headers and JWT claims; a refused condition is 400 with the service’s code', async () => {
    // Prepare
    const [ada, eve] = await Promise.all([idp.mint(key, { aud: AUDIENCE, sub: 'ada' }), idp.mint(key, { aud: AUDIENCE, sub: 'eve' })]);
    const put = (token: string, body: object) =>
      request(`${gw.url}/owned`, {
        method: 'POST',
        headers: ['Authorization', `Bearer ${token}`, 'X-Tenant', 'acme', 'Content-Type', 'application/json'],
        body: JSON.stringify(body),
      });

    // Act
    const created = await put(ada, { id: 'doc-1', owner: 'acme/ada', v: 1 });
    const updated = await put(ada, { id: 'doc-1', owner: 'acme/ada', v: 2 });
    const refused = await put(eve, { id: 'doc-1', owner: 'acme/eve', v: 3 });

    // Assess
    expect([created.status, updated.status]).toEqual([200, 200]);
    expect(refused.status).toBe(400);
    expect(refused.body.toString('utf8')).toContain('ConditionalCheckFailed');
    expect(await dynamodb.getItem(table, { id: 'doc-1' })).toEqual({ id: 'doc-1', owner: 'acme/ada', v: 2 });
  });

  it('answers 413 for a body over DynamoDB’s 400 KB item limit, and writes nothing', async () => {
    // Act
    const res = await request(`${gw.url}/items`, { method: 'POST', body: JSON.stringify({ id: 'big', pad: 'x'.repeat(400 * 1024) }) });

    // Assess
    expect(res.status).toBe(413);
    expect(await dynamodb.getItem(table, { id: 'big' })).toBeUndefined();
  });

  it('answers 502 when the DynamoDB endpoint is unreachable', async () => {
    // Prepare
    const dead = await startGateway({
      aws: { region: FAUXQS_REGION, endpoints: { dynamodb: await refusingUrl() } },
      routes: [{ name: 'items', match: { path: '/items' }, target: { type: 'dynamodb', table } }],
    });

    // Act
    const res = await request(`${dead.url}/items`, { method: 'POST', body: '{"id":"z"}' }).finally(() => dead.stop());

    // Assess
    expect(res.status).toBe(502);
  });
});
