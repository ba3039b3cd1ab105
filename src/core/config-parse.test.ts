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
      internal_route_prefix: '',
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
    { description: 'duplicate route names', raw: { routes: [{ name: 'a', target: { type: 'http', url: 'http://x/' } }, { name: 'a', target: { type: 'http', url: 'http://x/' } }] }, path: 'routes[1].name' },
    { description: 'path with path_prefix', raw: { routes: [{ name: 'a', match: { path: '/a', path_prefix: '/a' }, target: { type: 'http', url: 'http://x/' } }] }, path: 'routes[0].match.path' },
    { description: 'a non-http destination', raw: { destination: { url: 'ftp://x/' } }, path: 'destination.url' },
    { description: 'a null document', raw: null, path: '' },
  ])('rejects $description', ({ raw, path }) => {
    expect(issuesOf(() => validateConfig(raw, { file: 'sluice.yaml' })).map((issue) => issue.path)).toContain(path);
  });
});
