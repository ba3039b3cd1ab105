import { describe, expect, it, vi } from 'vitest';
import { compileMapping, isWholeBody, staticMapping, type CompiledMapping } from './mapping-compile.js';
import { evaluateMapping, evaluateParams, JSON_PATH_BODY_LIMIT, MappingScope, type MappingRequest } from './mapping-evaluate.js';
import { renderMapping, renderRequestParameters } from './mapping-render.js';

/** Compiles a value that must be valid. */
function compiled(text: string): CompiledMapping {
  const result = compileMapping(text);
  if (!result.ok) throw new Error(`${text}: ${result.message}`);
  return result.mapping;
}

function requestFactory(overrides: Partial<MappingRequest> = {}): MappingRequest {
  return {
    body: JSON.stringify({
      order: {
        id: 'o-1',
        total: 12.5,
        paid: true,
        note: null,
        lines: [
          { sku: 'A', qty: 2 },
          { sku: 'B', qty: 1 },
        ],
        tags: ['x', 'y'],
      },
      'first name': 'Ada',
      emoji: '🦆 café',
      ключ: 'значение',
    }),
    rawHeaders: ['Content-Type', 'application/json', 'X-Tag', 'a', 'x-tag', 'b', 'X-Empty', '', 'X-GitHub-Event', 'push'],
    query: 'page=2&tag=a&tag=b&q=caf%C3%A9+au+lait&empty=',
    path: '/hooks/github',
    pathParameters: { id: '42' },
    requestId: 'req-0190f5c2',
    sourceIp: '203.0.113.9',
    claims: { sub: 'user-1', 'cognito:groups': ['admin', 'ops'], email_verified: true, exp: 1767225600, org: { id: 7 }, nothing: null },
    ...overrides,
  };
}

function evaluate(text: string, request: MappingRequest = requestFactory()): string | undefined {
  return evaluateMapping(compiled(text), new MappingScope(request));
}

describe('Function: compileMapping', () => {
  describe.each([
    { description: 'the whole body', text: '$request.body', parts: [{ kind: 'ref', ref: { kind: 'body', steps: [] } }] },
    {
      description: 'a body path',
      text: '$request.body.a[0]',
      parts: [
        {
          kind: 'ref',
          ref: {
            kind: 'body',
            steps: [
              { kind: 'member', name: 'a' },
              { kind: 'index', index: 0 },
            ],
          },
        },
      ],
    },
    {
      description: 'a bracketed body path',
      text: "$request.body['a b']",
      parts: [{ kind: 'ref', ref: { kind: 'body', steps: [{ kind: 'member', name: 'a b' }] } }],
    },
    {
      description: 'a header, in lower case',
      text: '$request.header.X-GitHub-Event',
      parts: [{ kind: 'ref', ref: { kind: 'header', name: 'x-github-event' } }],
    },
    { description: 'a query parameter, case kept', text: '$request.querystring.Page', parts: [{ kind: 'ref', ref: { kind: 'querystring', name: 'Page' } }] },
    { description: 'the path', text: '$request.path', parts: [{ kind: 'ref', ref: { kind: 'path' } }] },
    { description: 'a path parameter', text: '$request.path.id', parts: [{ kind: 'ref', ref: { kind: 'path', name: 'id' } }] },
    { description: 'the request id', text: '$context.requestId', parts: [{ kind: 'ref', ref: { kind: 'context', name: 'requestId' } }] },
    { description: 'the source IP', text: '$context.identity.sourceIp', parts: [{ kind: 'ref', ref: { kind: 'context', name: 'identity.sourceIp' } }] },
    {
      description: 'a claim with ":" in its name',
      text: '$context.authorizer.claims.cognito:groups',
      parts: [{ kind: 'ref', ref: { kind: 'claim', name: 'cognito:groups' } }],
    },
    { description: 'static text', text: 'hello world', parts: [{ kind: 'text', text: 'hello world' }] },
    { description: 'static text with a lone "$"', text: 'costs 5$ or $5', parts: [{ kind: 'text', text: 'costs 5$ or $5' }] },
    { description: 'an empty value', text: '', parts: [] },
    { description: 'a lone interpolation, same as the reference', text: '${request.header.x}', parts: [{ kind: 'ref', ref: { kind: 'header', name: 'x' } }] },
    {
      description: 'text around interpolations',
      text: 'pre-${request.path.id}/${context.requestId}-post',
      parts: [
        { kind: 'text', text: 'pre-' },
        { kind: 'ref', ref: { kind: 'path', name: 'id' } },
        { kind: 'text', text: '/' },
        { kind: 'ref', ref: { kind: 'context', name: 'requestId' } },
        { kind: 'text', text: '-post' },
      ],
    },
    {
      description: 'a "}" inside a quoted body name',
      text: "${request.body['a}b']}!",
      parts: [
        { kind: 'ref', ref: { kind: 'body', steps: [{ kind: 'member', name: 'a}b' }] } },
        { kind: 'text', text: '!' },
      ],
    },
    {
      description: 'JSON around an interpolation',
      text: '{"E":{"DataType":"String","StringValue":"${request.header.x-github-event}"}}',
      parts: [
        { kind: 'text', text: '{"E":{"DataType":"String","StringValue":"' },
        { kind: 'ref', ref: { kind: 'header', name: 'x-github-event' } },
        { kind: 'text', text: '"}}' },
      ],
    },
  ])('compiles $description', ({ text, parts }) => {
    it(`compiles ${JSON.stringify(text)}`, () => {
      // Act
      const result = compileMapping(text);

      // Assess
      expect(result).toEqual({ ok: true, mapping: { parts } });
    });
  });

  describe.each([
    { description: 'an unknown variable', text: '$request.bodyy', reason: /unknown variable \$request\.bodyy/ },
    { description: 'an unknown source', text: '$method.request.header.x', reason: /unknown variable/ },
    { description: 'an unknown context variable', text: '$context.stage', reason: /unknown context variable \$context\.stage/ },
    { description: 'an unknown variable in a template', text: 'a-${request.cookie.x}', reason: /unknown variable \$request\.cookie\.x/ },
    { description: 'stage variables', text: '$stageVariables.queue', reason: /stage variables are not supported/ },
    { description: 'a bad JSONPath', text: '$request.body..a', reason: /bad JSONPath.*recursive descent/ },
    { description: 'a filter in a template', text: '${request.body.a[?(@.b)]}', reason: /bad JSONPath.*filter/ },
    { description: 'an unclosed "${"', text: 'abc-${request.header.x', reason: /unclosed "\$\{" at character 5/ },
    { description: 'an unclosed "${" after a good one', text: '${context.requestId}${', reason: /unclosed "\$\{" at character 21/ },
    { description: 'a header name with a space', text: '$request.header.x y', reason: /header name/ },
    { description: 'an empty header name', text: '$request.header.', reason: /header name/ },
    { description: 'an empty query name', text: '${request.querystring.}', reason: /query parameter name/ },
    { description: 'a path parameter with a dot', text: '$request.path.a.b', reason: /path parameter name/ },
    { description: 'an empty claim name', text: '$context.authorizer.claims.', reason: /claim name/ },
    { description: 'an empty interpolation', text: 'a${}b', reason: /unknown variable/ },
    { description: 'a dollar-led static', text: '$5 off', reason: /unknown variable/ },
  ])('refuses $description', ({ text, reason }) => {
    it(`refuses ${JSON.stringify(text)} and says why`, () => {
      // Act
      const result = compileMapping(text);

      // Assess
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.message).toMatch(reason);
    });
  });

  it('tells the whole body apart from a body path', () => {
    // Assess
    expect(isWholeBody(compiled('$request.body'))).toBe(true);
    expect(isWholeBody(compiled('${request.body}'))).toBe(true);
    expect(isWholeBody(compiled('$request.body.a'))).toBe(false);
    expect(isWholeBody(compiled('x${request.body}'))).toBe(false);
  });
});

describe('Function: evaluateMapping', () => {
  describe.each([
    { description: 'the whole body as text', text: '$request.body', value: requestFactory().body },
    { description: 'a string from the body', text: '$request.body.order.id', value: 'o-1' },
    { description: 'a number from the body as JSON text', text: '$request.body.order.total', value: '12.5' },
    { description: 'a boolean from the body as JSON text', text: '$request.body.order.paid', value: 'true' },
    { description: 'an object from the body as JSON text', text: '$request.body.order.lines[1]', value: '{"sku":"B","qty":1}' },
    { description: 'an array from the body as JSON text', text: '$request.body.order.tags', value: '["x","y"]' },
    { description: 'an array element', text: '$request.body.order.tags[1]', value: 'y' },
    { description: 'a member of an array element', text: '$request.body.order.lines[0].sku', value: 'A' },
    { description: 'a quoted member', text: "$request.body['first name']", value: 'Ada' },
    { description: 'unicode from the body', text: '$request.body.emoji', value: '🦆 café' },
    { description: 'a unicode member name', text: '$request.body.ключ', value: 'значение' },
    { description: 'a header by any case', text: '$request.header.content-TYPE', value: 'application/json' },
    { description: 'a repeated header, comma-joined', text: '$request.header.x-tag', value: 'a,b' },
    { description: 'a query parameter', text: '$request.querystring.page', value: '2' },
    { description: 'a repeated query parameter, comma-joined', text: '$request.querystring.tag', value: 'a,b' },
    { description: 'a decoded unicode query parameter', text: '$request.querystring.q', value: 'café au lait' },
    { description: 'the path', text: '$request.path', value: '/hooks/github' },
    { description: 'a path parameter', text: '$request.path.id', value: '42' },
    { description: 'the request id', text: '$context.requestId', value: 'req-0190f5c2' },
    { description: 'the source IP', text: '$context.identity.sourceIp', value: '203.0.113.9' },
    { description: 'a string claim', text: '$context.authorizer.claims.sub', value: 'user-1' },
    { description: 'an array claim as JSON text', text: '$context.authorizer.claims.cognito:groups', value: '["admin","ops"]' },
    { description: 'a number claim as JSON text', text: '$context.authorizer.claims.exp', value: '1767225600' },
    { description: 'an object claim as JSON text', text: '$context.authorizer.claims.org', value: '{"id":7}' },
    { description: 'static text', text: 'static', value: 'static' },
    { description: 'an interpolated header', text: 'event-${request.header.x-github-event}', value: 'event-push' },
    {
      description: 'several interpolations',
      text: '${request.path.id}:${request.body.order.lines[0].qty}:${context.identity.sourceIp}',
      value: '42:2:203.0.113.9',
    },
    { description: 'an interpolated whole body', text: '<${request.body.order.tags}>', value: '<["x","y"]>' },
    {
      description: 'a JSON message attribute',
      text: '{"Event":{"DataType":"String","StringValue":"${request.header.x-github-event}"}}',
      value: '{"Event":{"DataType":"String","StringValue":"push"}}',
    },
  ])('reads $description', ({ text, value }) => {
    it(`evaluates ${JSON.stringify(text)}`, () => {
      // Act
      const result = evaluate(text);

      // Assess
      expect(result).toBe(value);
    });
  });

  describe.each([
    { description: 'an absent body member', text: '$request.body.order.missing' },
    { description: 'an index past the end', text: '$request.body.order.tags[5]' },
    { description: 'a JSON null', text: '$request.body.order.note' },
    { description: 'an absent header', text: '$request.header.x-missing' },
    { description: 'an empty header', text: '$request.header.x-empty' },
    { description: 'an absent query parameter', text: '$request.querystring.nope' },
    { description: 'a query parameter of another case', text: '$request.querystring.PAGE' },
    { description: 'an empty query parameter', text: '$request.querystring.empty' },
    { description: 'an absent path parameter', text: '$request.path.other' },
    { description: 'a path parameter named after a prototype key', text: '$request.path.constructor' },
    { description: 'an absent claim', text: '$context.authorizer.claims.scope' },
    { description: 'a null claim', text: '$context.authorizer.claims.nothing' },
    { description: 'a claim named after a prototype key', text: '$context.authorizer.claims.toString' },
    { description: 'a template of missing references only', text: '${request.header.a}${request.header.b}' },
    { description: 'an empty static value', text: '' },
  ])('leaves out $description', ({ text }) => {
    it(`gives no value for ${JSON.stringify(text)}`, () => {
      // Act
      const result = evaluate(text);

      // Assess
      expect(result).toBeUndefined();
    });
  });

  it('writes a missing reference inside a template as empty text', () => {
    // Act
    const result = evaluate('a-${request.header.x-missing}-b-${request.body.nope}');

    // Assess
    expect(result).toBe('a--b-');
  });

  it('gives no claim values when no JWT authorized the request', () => {
    // Prepare
    const request = requestFactory({ claims: undefined });

    // Act
    const result = evaluate('$context.authorizer.claims.sub', request);

    // Assess
    expect(result).toBeUndefined();
  });

  describe.each([
    { description: 'plain text', body: 'hello {not json' },
    { description: 'form data', body: 'a=1&b=2' },
    { description: 'a JSON string', body: '"order"' },
    { description: 'a JSON array, for a member', body: '[{"order":1}]' },
    { description: 'bytes that are not UTF-8', body: new Uint8Array([0xff, 0xfe, 0x7b]) },
  ])('with a body of $description', ({ body }) => {
    it('has no value under a body path', () => {
      // Act
      const result = evaluate('$request.body.order', requestFactory({ body }));

      // Assess
      expect(result).toBeUndefined();
    });
  });

  it('gives a text body whole', () => {
    // Act
    const result = evaluate('$request.body', requestFactory({ body: 'hello {not json' }));

    // Assess
    expect(result).toBe('hello {not json');
  });

  it('reads a JSON array body by index', () => {
    // Act
    const result = evaluate('$request.body[1].id', requestFactory({ body: '[{"id":"a"},{"id":"b"}]' }));

    // Assess
    expect(result).toBe('b');
  });

  it('decodes a byte body as UTF-8, unicode included', () => {
    // Prepare
    const body = new TextEncoder().encode('{"name":"Zoë 🦆"}');

    // Act
    const whole = evaluate('$request.body', requestFactory({ body }));
    const name = evaluate('$request.body.name', requestFactory({ body }));

    // Assess
    expect(whole).toBe('{"name":"Zoë 🦆"}');
    expect(name).toBe('Zoë 🦆');
  });

  it('reads a byte body that is a view into a larger buffer', () => {
    // Prepare
    const backing = new TextEncoder().encode('xxxx{"a":"b"}yyyy');
    const body = backing.subarray(4, backing.length - 4);

    // Act
    const result = evaluate('$request.body.a', requestFactory({ body }));

    // Assess
    expect(result).toBe('b');
  });

  it('gives a body at the JSON path limit its values', () => {
    // Prepare
    const body = bodyOfSize(JSON_PATH_BODY_LIMIT);

    // Act
    const result = evaluate('$request.body.id', requestFactory({ body }));

    // Assess
    expect(result).toBe('big');
  });

  it('gives no JSON path values for a body over the limit, as API Gateway, but the whole body still', () => {
    // Prepare
    const body = bodyOfSize(JSON_PATH_BODY_LIMIT + 1);

    // Act
    const id = evaluate('$request.body.id', requestFactory({ body }));
    const whole = evaluate('$request.body', requestFactory({ body: new TextEncoder().encode(body) }));

    // Assess
    expect(id).toBeUndefined();
    expect(whole).toBe(body);
  });

  it('passes a 5 MiB body whole', () => {
    // Prepare
    const body = 'x'.repeat(5 * 1024 * 1024);

    // Act
    const result = evaluate('$request.body', requestFactory({ body }));

    // Assess
    expect(result).toHaveLength(body.length);
  });
});

/** A JSON body of exactly `size` UTF-8 bytes with `"id":"big"` first. */
function bodyOfSize(size: number): string {
  const head = '{"id":"big","pad":"';
  const tail = '"}';
  return `${head}${'é'.repeat(Math.floor((size - head.length - tail.length) / 2))}${'p'.repeat((size - head.length - tail.length) % 2)}${tail}`;
}

describe('Function: evaluateParams', () => {
  it('evaluates each parameter and leaves out the empty ones', () => {
    // Prepare
    const params = {
      MessageBody: compiled('$request.body.order'),
      MessageGroupId: compiled('$request.header.x-tenant'),
      Subject: compiled('order ${request.body.order.id}'),
    };

    // Act
    const values = evaluateParams(params, requestFactory({ body: '{"order":{"id":"o-9"}}' }));

    // Assess
    expect(values).toEqual({ MessageBody: '{"id":"o-9"}', Subject: 'order o-9' });
  });

  it('parses the body once for all the parameters of a request', () => {
    // Prepare
    const params = { A: compiled('$request.body.order.id'), B: compiled('$request.body.order.total'), C: compiled('${request.body.emoji}!') };
    const parse = vi.spyOn(JSON, 'parse');

    // Act
    const values = evaluateParams(params, requestFactory());

    // Assess
    expect(values).toEqual({ A: 'o-1', B: '12.5', C: '🦆 café!' });
    expect(parse).toHaveBeenCalledTimes(1);
  });
});

describe('Function: renderMapping', () => {
  describe.each([
    { text: '$request.body', rendered: '$request.body' },
    { text: '${request.body}', rendered: '$request.body' },
    { text: '$request.body.a.b', rendered: '$request.body.a.b' },
    { text: '$request.body["a b"][0]', rendered: "$request.body['a b'][0]" },
    { text: '$request.header.X-GitHub-Event', rendered: '$request.header.x-github-event' },
    { text: '$request.querystring.Page', rendered: '$request.querystring.Page' },
    { text: '$request.path', rendered: '$request.path' },
    { text: '$request.path.id', rendered: '$request.path.id' },
    { text: '$context.requestId', rendered: '$context.requestId' },
    { text: '$context.identity.sourceIp', rendered: '$context.identity.sourceIp' },
    { text: '$context.authorizer.claims.cognito:groups', rendered: '$context.authorizer.claims.cognito:groups' },
    { text: 'static', rendered: 'static' },
    { text: '', rendered: '' },
    { text: 'costs $5', rendered: 'costs $5' },
    { text: 'a-${request.header.X}-${context.requestId}', rendered: 'a-${request.header.x}-${context.requestId}' },
    { text: "${request.body['a}b']}!", rendered: "${request.body['a}b']}!" },
    { text: '{"E":{"StringValue":"${request.header.x-e}"}}', rendered: '{"E":{"StringValue":"${request.header.x-e}"}}' },
    { text: '${request.body.ключ} 🦆', rendered: '${request.body.ключ} 🦆' },
  ])('writes $text', ({ text, rendered }) => {
    it(`as ${JSON.stringify(rendered)}, which compiles back to the same value`, () => {
      // Prepare
      const first = compiled(text);

      // Act
      const output = renderMapping(first);

      // Assess
      expect(output).toBe(rendered);
      expect(compileMapping(output)).toEqual({ ok: true, mapping: first });
    });
  });

  it('writes a static value from config as text', () => {
    // Act
    const output = renderMapping(staticMapping('github-hooks'));

    // Assess
    expect(output).toBe('github-hooks');
    expect(compiled(output)).toEqual(staticMapping('github-hooks'));
  });

  it('writes a parameter map as RequestParameters', () => {
    // Act
    const parameters = renderRequestParameters({
      QueueUrl: staticMapping('https://sqs.eu-west-1.amazonaws.com/1/q'),
      MessageBody: compiled('${request.body}'),
    });

    // Assess
    expect(parameters).toEqual({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q', MessageBody: '$request.body' });
  });
});
