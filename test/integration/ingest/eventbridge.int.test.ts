import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventBridgeStandIn, type EventBridgeStandIn } from '../../helpers/eventbridge-stand-in.js';
import { FAUXQS_REGION } from '../../helpers/fauxqs.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { refusingUrl, useEmulatorCredentials } from '../../helpers/ingest.js';
import { issuerKey, startOidcIssuer, type IssuerKey, type OidcIssuer } from '../../helpers/oidc-issuer.js';

const AUDIENCE = 'orders-client';

describe('#13 - eventbridge ingest routes', () => {
  let restoreEnv: () => void;
  let bus: EventBridgeStandIn;
  let idp: OidcIssuer;
  let key: IssuerKey;
  let gw: TestGateway;

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials();
    [bus, key] = await Promise.all([startEventBridgeStandIn(), issuerKey()]);
    idp = await startOidcIssuer([key]);
    gw = await startGateway({
      aws: { region: FAUXQS_REGION, endpoints: { eventbridge: bus.endpoint } },
      routes: [
        { name: 'order-placed', match: { methods: ['POST'], path: '/orders' }, target: { type: 'eventbridge', source: 'com.example.shop' } },
        {
          name: 'signed',
          match: { methods: ['POST'], path: '/signed' },
          target: {
            type: 'eventbridge',
            source: 'com.example.shop',
            detail_type: 'Order Signed',
            event_bus_name: 'orders',
            params: { Resources: '["arn:aws:shop:eu-west-1:123456789012:store/${request.header.x-store}"]', TraceHeader: '${context.authorizer.claims.sub}' },
          },
          auth: { type: 'jwt', issuer: idp.issuer, audience: [AUDIENCE] },
          reply: { status: 202 },
        },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await Promise.all([bus?.close(), idp?.close()]);
    restoreEnv?.();
  });

  it('puts the body as the detail, the route name as the detail type, and answers the event id', async () => {
    // Prepare
    const detail = '{"orderId":"o-1","total":12.5}';

    // Act
    const res = await request(`${gw.url}/orders`, { method: 'POST', headers: ['Content-Type', 'application/json'], body: detail });

    // Assess
    expect(res.status).toBe(200);
    const { eventId } = res.json<{ eventId: string }>();
    expect(bus.events.find((event) => event.eventId === eventId)).toMatchObject({ Source: 'com.example.shop', DetailType: 'order-placed', Detail: detail });
  });

  it('takes params from headers and JWT claims, with the configured detail type and bus', async () => {
    // Prepare
    const token = await idp.mint(key, { aud: AUDIENCE, sub: 'user-9' });

    // Act
    const res = await request(`${gw.url}/signed`, {
      method: 'POST',
      headers: ['Authorization', `Bearer ${token}`, 'X-Store', 's-42', 'Content-Type', 'application/json'],
      body: '{"orderId":"o-2"}',
    });

    // Assess
    expect(res.status).toBe(202);
    const { eventId } = res.json<{ eventId: string }>();
    expect(bus.events.find((event) => event.eventId === eventId)).toMatchObject({
      DetailType: 'Order Signed',
      EventBusName: 'orders',
      Resources: ['arn:aws:shop:eu-west-1:123456789012:store/s-42'],
      TraceHeader: 'user-9',
    });
  });

  it('answers 503 with Retry-After, not 200, when EventBridge throttles the entry', async () => {
    // Prepare
    bus.failNextEntry({ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' });
    const before = bus.events.length;

    // Act
    const res = await request(`${gw.url}/orders`, { method: 'POST', body: '{"orderId":"o-3"}' });

    // Assess
    expect(res.status).toBe(503);
    expect(res.header('retry-after')).toMatch(/^\d+$/);
    expect(bus.events).toHaveLength(before);
  });

  it.each([
    {
      description: 'a refused entry (AccessDeniedException)',
      failure: { ErrorCode: 'AccessDeniedException', ErrorMessage: 'not allowed' },
      body: '{"a":1}',
      status: 400,
    },
    { description: 'a detail that is not a JSON object (MalformedDetail)', failure: undefined, body: 'not json', status: 400 },
    { description: 'an internal failure of the entry', failure: { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' }, body: '{"a":1}', status: 502 },
  ])('answers $status, not 200, for $description', async ({ failure, body, status }) => {
    // Prepare
    if (failure !== undefined) bus.failNextEntry(failure);
    const before = bus.events.length;

    // Act
    const res = await request(`${gw.url}/orders`, { method: 'POST', body });

    // Assess
    expect(res.status).toBe(status);
    expect(bus.events).toHaveLength(before);
  });

  it('answers 413 for a body over EventBridge’s 256 KiB limit, and never calls it', async () => {
    // Prepare
    const calls = bus.targets.length;

    // Act
    const res = await request(`${gw.url}/orders`, { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(256 * 1024) }) });

    // Assess
    expect(res.status).toBe(413);
    expect(bus.targets).toHaveLength(calls);
  });

  it('answers 502 when the EventBridge endpoint is unreachable', async () => {
    // Prepare
    const dead = await startGateway({
      aws: { region: FAUXQS_REGION, endpoints: { eventbridge: await refusingUrl() } },
      routes: [{ name: 'orders', match: { path: '/orders' }, target: { type: 'eventbridge', source: 'com.example.shop' } }],
    });

    // Act
    const res = await request(`${dead.url}/orders`, { method: 'POST', body: '{}' }).finally(() => dead.stop());

    // Assess
    expect(res.status).toBe(502);
  });
});
