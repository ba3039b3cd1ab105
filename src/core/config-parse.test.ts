import { describe, expect, it } from 'vitest';
import { configDefaults } from './config-schema.js';
import { parseConfigText, validateConfig } from './config-parse.js';
import { ConfigError } from './errors.js';

const ROUTE = 'routes:\n  - name: api\n    target: { type: http, url: "http://127.0.0.1:3000/" }\n';

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'SLUICE_CONFIG_INVALID', file: 'sluice.yaml' });
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected a ConfigError');
}

describe('Function: parseConfigText', () => {
  it('fills every default from an empty document', () => {
    // Act
    const config = parseConfigText('', { file: 'sluice.yaml' });

    // Assess
    expect(config).toMatchObject({
      listen: configDefaults.listen,
      admin: configDefaults.admin,
      queue: { driver: 'sqlite', path: configDefaults.queue.path, max_receive_count: 60 },
      capture: { max_body_bytes: configDefaults.capture.max_body_bytes, redact_headers: [], redact_query: [], redact_body_fields: [] },
      limits: { max_body_bytes: configDefaults.limits.max_body_bytes, upstream_timeout: configDefaults.limits.upstream_timeout_ms },
      routes: [],
    });
    expect(config.destination).toBeUndefined();
  });

  it('parses units, lower-cases redacted header names and upper-cases methods', () => {
    // Act
    const config = parseConfigText(
      `capture: { max_body_bytes: 1MiB, redact_headers: [X-Session] }\nlimits: { upstream_timeout: 2s }\n${ROUTE}    match: { methods: [post] }\n    limits: { max_body_bytes: 10KB, timeout: 1m }\n`,
      { file: 'sluice.yaml' },
    );

    // Assess
    expect(config.capture).toMatchObject({ max_body_bytes: 1_048_576, redact_headers: ['x-session'] });
    expect(config.limits.upstream_timeout).toBe(2000);
    expect(config.routes[0]).toMatchObject({ match: { methods: ['POST'] }, limits: { max_body_bytes: 10_000, timeout: 60_000 }, capture: false });
  });

  it.each([
    { description: 'substitutes ${NAME}', text: 'destination: { url: "${URL}" }', env: { URL: 'http://127.0.0.1:4000/' }, url: 'http://127.0.0.1:4000/' },
    { description: 'keeps $${NAME} literal', text: 'destination: { url: "http://127.0.0.1/$${URL}" }', env: {}, url: 'http://127.0.0.1/${URL}' },
  ])('$description', ({ text, env, url }) => {
    expect(parseConfigText(text, { file: 'sluice.yaml', env }).destination?.url).toBe(url);
  });

  it.each([
    {
      description: 'in a flow map',
      text: 'destination: { url: http://127.0.0.1:4000/, signing_secret: ${SECRET} }',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    },
    {
      description: 'in a flow sequence',
      text: 'destination: { url: http://127.0.0.1:4000/, signing_secret: [${SECRET}, ${OLD}] }',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    },
    {
      description: 'in a block mapping',
      text: 'destination:\n  url: http://127.0.0.1:4000/\n  signing_secret: ${SECRET}\n',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    },
  ])('substitutes ${NAME} $description', ({ text, secret }) => {
    // Prepare
    const env = { SECRET: secret, OLD: 'whsec_b2xkIHNlY3JldCBvbGQgc2VjcmV0' };

    // Act
    const config = parseConfigText(text, { file: 'sluice.yaml', env });

    // Assess
    expect(config.destination?.signing_secret[0]).toBe(secret);
    expect(config.destination?.signing_secret).toHaveLength(text.includes('${OLD}') ? 2 : 1);
  });

  it('gives a whole unquoted ${NAME} the type YAML reads in its value, and keeps quoted ones strings', () => {
    // Act
    const config = parseConfigText(
      'listen: { port: ${PORT} }\nroutes:\n  - name: "${NAME}"\n    target: { type: http, url: "http://127.0.0.1:${PORT}/" }\n    capture: ${CAPTURE}\n',
      {
        file: 'sluice.yaml',
        env: { PORT: '9000', NAME: '123', CAPTURE: 'true' },
      },
    );

    // Assess
    expect(config.listen.port).toBe(9000);
    expect(config.routes[0]).toMatchObject({ name: '123', capture: true, target: { url: 'http://127.0.0.1:9000/' } });
  });

  it('keeps $${NAME} literal inside a flow map', () => {
    // Act
    const config = parseConfigText('destination: { url: http://127.0.0.1/$${URL}, headers: { X-Template: $${A}-${B} } }', {
      file: 'sluice.yaml',
      env: { B: 'b' },
    });

    // Assess
    expect(config.destination).toMatchObject({ url: 'http://127.0.0.1/${URL}', headers: { 'X-Template': '${A}-b' } });
  });

  it('names an unset variable with the key path and line where it is used, in a flow map too', () => {
    // Act
    const issues = issuesOf(() =>
      parseConfigText('listen: { port: 1 }\ndestination: { url: "http://x/", signing_secret: ${MISSING_SECRET} }\n', { file: 'sluice.yaml', env: {} }),
    );

    // Assess
    expect(issues).toEqual([{ path: 'destination.signing_secret (line 2)', message: expect.stringContaining('MISSING_SECRET') }]);
  });

  it('reports only the first YAML syntax error, with its line and column', () => {
    // Prepare: an unclosed flow map that the parser reports many times over.
    const text = 'listen: { host: 127.0.0.1\nqueue: { driver: sqlite\nroutes:\n  - name: a\n    target: { type: http, url: "http://x/" \n';

    // Act
    const issues = issuesOf(() => parseConfigText(text, { file: 'sluice.yaml', env: {} }));

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^YAML syntax at line \d+, column \d+: /);
  });

  it.each([
    { description: 'at the top level', text: 'destinaton: { url: "http://x/" }', path: 'destinaton', suggestion: 'destination', at: '' },
    {
      description: 'in a route',
      text: 'routes:\n  - name: a\n    target: { type: http, url: "http://x/" }\n    captrue: true\n',
      path: 'captrue',
      suggestion: 'capture',
      at: 'routes[0] (line 2)',
    },
    {
      description: 'in a lambda target (the union member the type names)',
      text: 'routes:\n  - name: a\n    target: { type: lambda, handler: ./a.mjs, wrokers: 2 }\n',
      path: 'wrokers',
      suggestion: 'workers',
      at: 'routes[0].target (line 3)',
    },
    {
      description: 'in an SQS queue',
      text: 'queue: { driver: sqs, queue_url: "http://q/", dlq_url: "http://d/", payload_bucket: bucket, region: eu-west-1, dlq_ulr: x }',
      path: 'dlq_ulr',
      suggestion: 'dlq_url',
      at: 'queue (line 1)',
    },
  ])('suggests the nearest known key for an unknown one $description', ({ text, path, suggestion, at }) => {
    // Act
    const issues = issuesOf(() => parseConfigText(text, { file: 'sluice.yaml', env: {} }));

    // Assess
    expect(issues).toContainEqual({ path: at, message: `unknown key "${path}"; did you mean "${suggestion}"?` });
  });

  it('suggests nothing for an unknown key far from every known one', () => {
    // Act
    const issues = issuesOf(() => parseConfigText('kubernetes: true', { file: 'sluice.yaml', env: {} }));

    // Assess
    expect(issues).toEqual([{ path: '', message: 'unknown key "kubernetes"' }]);
  });

  it.each([
    { description: 'a YAML syntax error', text: 'routes: [\n', path: '', message: /^YAML syntax/ },
    { description: 'a list at the top level', text: '- a\n', path: '', message: /mapping/ },
    { description: 'a missing environment variable', text: 'destination: { url: "${NOPE}" }', path: 'destination.url (line 1)', message: /NOPE is not set/ },
    { description: 'an unknown key', text: 'listen: { prot: 1 }', path: 'listen (line 1)', message: /unknown key "prot"/ },
    { description: 'a missing key', text: 'routes:\n  - name: a\n', path: 'routes[0].target (line 2)', message: /http/ },
    { description: 'a wrong type, with its line', text: 'listen:\n  port: high\n', path: 'listen.port (line 2)', message: /expected number/ },
  ])('reports $description', ({ text, path, message }) => {
    // Act
    const issues = issuesOf(() => parseConfigText(text, { file: 'sluice.yaml', env: {} }));

    // Assess
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports every problem at once', () => {
    // Act
    const issues = issuesOf(() =>
      parseConfigText('listen: { port: -1 }\ninternal_route_prefix: x\nqueue: { driver: sqlite, max_receive_count: 0 }\n', { file: 'sluice.yaml' }),
    );

    // Assess
    expect(issues.map((issue) => issue.path.replace(/ \(line \d+\)$/, ''))).toEqual(['listen.port', 'internal_route_prefix', 'queue.max_receive_count']);
  });
});

describe('Function: validateConfig', () => {
  it('accepts an object built in code', () => {
    // Act
    const config = validateConfig({ routes: [{ name: 'a', target: { type: 'http', url: 'http://127.0.0.1:1/' } }] }, { file: 'sluice.yaml' });

    // Assess
    expect(config.routes[0]).toMatchObject({ name: 'a', match: {}, capture: false, target: { preserve_host: false } });
  });

  it.each([
    {
      description: 'duplicate route names',
      raw: {
        routes: [
          { name: 'a', target: { type: 'http', url: 'http://x/' } },
          { name: 'a', target: { type: 'http', url: 'http://x/' } },
        ],
      },
      path: 'routes[1].name',
    },
    {
      description: 'path with path_prefix',
      raw: { routes: [{ name: 'a', match: { path: '/a', path_prefix: '/a' }, target: { type: 'http', url: 'http://x/' } }] },
      path: 'routes[0].match.path',
    },
    {
      description: 'a path with a dot segment',
      raw: { routes: [{ name: 'a', match: { path: '/a/../b' }, target: { type: 'http', url: 'http://x/' } }] },
      path: 'routes[0].match.path',
    },
    {
      description: 'a path prefix with an encoded letter',
      raw: { routes: [{ name: 'a', match: { path_prefix: '/%7Euser' }, target: { type: 'http', url: 'http://x/' } }] },
      path: 'routes[0].match.path_prefix',
    },
    {
      description: 'a path prefix with an encoded slash',
      raw: { routes: [{ name: 'a', match: { path_prefix: '/a%2Fb' }, target: { type: 'http', url: 'http://x/' } }] },
      path: 'routes[0].match.path_prefix',
    },
    { description: 'a non-http destination', raw: { destination: { url: 'ftp://x/' } }, path: 'destination.url' },
    { description: 'a null document', raw: null, path: '' },
  ])('rejects $description', ({ raw, path }) => {
    expect(issuesOf(() => validateConfig(raw, { file: 'sluice.yaml' })).map((issue) => issue.path)).toContain(path);
  });
});
