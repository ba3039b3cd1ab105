import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkConfig } from '../../../src/cli/config-check.js';
import { EXIT_USAGE, exitCodeFor } from '../../../src/cli/exit-codes.js';
import { loadConfigWithSource } from '../../../src/cli/load-config.js';
import { captureIo } from '../../helpers/capture-io.js';
import { runCli } from '../../helpers/cli.js';

/** Spawned commands on a busy 2-core machine: node start-up alone can take seconds. */
const SPAWN_TIMEOUT_MS = 60_000;

interface ConfigCase {
  readonly description: string;
  /** The document, as an object (written as YAML) or raw text; `$DIR` is the test's folder. */
  readonly document: Record<string, unknown> | string;
  /** The key path the message names ('' for the whole document). */
  readonly path: string;
  /** What the message says was expected. */
  readonly expected: RegExp;
}

const ROUTE = { name: 'api', match: { path_prefix: '/api' }, target: { type: 'http', url: 'http://127.0.0.1:9/' }, capture: true };

/** A valid configuration that captures into a queue inside the test's folder. */
function base(overrides: Record<string, unknown> = {}, route: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    queue: { driver: 'sqlite', path: '$DIR/sluice.db' },
    routes: [{ ...ROUTE, ...route }],
    ...overrides,
  };
}

const CASES: ConfigCase[] = [
  {
    description: 'a YAML syntax error',
    document: 'queue: { driver: sqlite, path: $DIR/sluice.db }\nroutes:\n  - name: [\n',
    path: '',
    expected: /YAML syntax/,
  },
  { description: 'a document that is not a mapping', document: '- a\n- b\n', path: '', expected: /expected a mapping/ },
  { description: 'an unknown top-level key', document: base({ rouets: [] }), path: '', expected: /unknown key "rouets"; did you mean "routes"\?/ },
  {
    description: 'an unknown nested key',
    document: base({}, { captrue: true }),
    path: 'routes[0]',
    expected: /unknown key "captrue"; did you mean "capture"\?/,
  },
  { description: 'a wrong type', document: base({ listen: { port: 'eighty' } }), path: 'listen.port', expected: /expected number/ },
  { description: 'a number out of range', document: base({ listen: { port: 70_000 } }), path: 'listen.port', expected: /65535/ },
  {
    description: 'a missing required key',
    document: base({}, { target: { type: 'http' } }),
    path: 'routes[0].target.url',
    expected: /required: expected string/,
  },
  { description: 'an unknown target type', document: base({}, { target: { type: 'ftp', url: 'x' } }), path: 'routes[0].target.type', expected: /one of: http/ },
  { description: 'an unknown queue driver', document: base({ queue: { driver: 'redis' } }), path: 'queue.driver', expected: /one of: sqlite/ },
  {
    description: 'an invalid enum value',
    document: base({}, { match: { methods: ['FETCH'] } }),
    path: 'routes[0].match.methods[0]',
    expected: /one of: "GET"/,
  },
  {
    description: 'a URL that is not http(s)',
    document: base({}, { target: { type: 'http', url: 'ftp://example.com/' } }),
    path: 'routes[0].target.url',
    expected: /absolute http:\/\/ or https:\/\/ URL/,
  },
  {
    description: 'a size that does not parse',
    document: base({ capture: { max_body_bytes: '10 parsecs' } }),
    path: 'capture.max_body_bytes',
    expected: /size in bytes/,
  },
  {
    description: 'a duration that does not parse',
    document: base({ limits: { upstream_timeout: 'soon' } }),
    path: 'limits.upstream_timeout',
    expected: /duration/,
  },
  { description: 'an invalid route name', document: base({}, { name: 'my route' }), path: 'routes[0].name', expected: /letters, digits/ },
  {
    description: 'path and path_prefix together',
    document: base({}, { match: { path: '/a', path_prefix: '/b' } }),
    path: 'routes[0].match.path',
    expected: /either path or path_prefix/,
  },
  {
    description: 'a duplicate route name',
    document: base({ routes: [ROUTE, { ...ROUTE, match: { path_prefix: '/other' } }] }),
    path: 'routes[1].name',
    expected: /duplicate route name "api"/,
  },
  {
    description: 'an internal prefix with a trailing slash',
    document: base({ internal_route_prefix: '/__sluice/' }),
    path: 'internal_route_prefix',
    expected: /no trailing/,
  },
  {
    description: 'an invalid signing secret',
    document: base({ destination: { url: 'http://127.0.0.1:9/', signing_secret: 'hunter2' } }),
    path: 'destination.signing_secret',
    expected: /whsec_/,
  },
  {
    description: 'an unset environment variable',
    document: base({}, { target: { type: 'http', url: '${SLUICE_TEST_UNSET_UPSTREAM}' } }),
    path: 'routes[0].target.url',
    expected: /SLUICE_TEST_UNSET_UPSTREAM is not set/,
  },
  {
    description: '#13 - a JWT issuer on plain http beyond loopback',
    document: base({}, { auth: { type: 'jwt', issuer: 'http://idp.example.com', audience: ['client'] } }),
    path: 'routes[0].auth.issuer',
    expected: /https:\/\/ issuer URL/,
  },
  {
    description: '#13 - an HMAC algorithm for JWTs',
    document: base({}, { auth: { type: 'jwt', issuer: 'https://idp.example.com', audience: ['client'], algorithms: ['RS256', 'HS256'] } }),
    path: 'routes[0].auth.algorithms[1]',
    expected: /HMAC algorithms are refused/,
  },
  {
    description: '#13 - a CORS wildcard origin with credentials',
    document: base({}, { cors: { allow_origins: ['*'], allow_credentials: true } }),
    path: 'routes[0].cors.allow_origins[0]',
    expected: /no "\*" with allow_credentials/,
  },
];

describe('CLI configuration errors', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-config-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes the case's file in its own folder, returning the file and the queue path it names. */
  async function writeCase(index: number, document: ConfigCase['document']): Promise<{ file: string; database: string }> {
    const caseDir = join(dir, `case-${index}`);
    const text = (typeof document === 'string' ? document : stringify(document)).replaceAll('$DIR', caseDir);
    await mkdir(caseDir, { recursive: true });
    const file = join(caseDir, 'sluice.yaml');
    await writeFile(file, text);
    return { file, database: join(caseDir, 'sluice.db') };
  }

  /** Runs `config check FILE` in process: the exit code it would end with, and what it would print on stderr. */
  async function checkInProcess(file: string): Promise<{ code: number; stderr: string }> {
    try {
      return { code: await checkConfig(file, captureIo().io, {}), stderr: '' };
    } catch (error) {
      return { code: exitCodeFor(error), stderr: (error as Error).message };
    }
  }

  describe.each(CASES.map((testCase, index) => ({ ...testCase, index })))('$description', ({ document, path, expected, index }) => {
    it('config check exits 2 naming the file, the key path and the expectation', async () => {
      // Prepare
      const { file } = await writeCase(index, document);

      // Act
      const result = await checkInProcess(file);

      // Assess
      expect(result.code).toBe(EXIT_USAGE);
      const line = result.stderr.split('\n').find((text) => text.includes(file) && expected.test(text));
      expect(line, result.stderr).toBeDefined();
      if (path !== '') expect(line).toContain(`${file}: ${path}`);
    });

    it('gateway --config refuses the same way, and nothing starts', async () => {
      // Prepare
      const { file, database } = await writeCase(index, document);

      // Act
      const loading = loadConfigWithSource({ config: file }, {});

      // Assess
      await expect(loading).rejects.toMatchObject({ code: 'SLUICE_CONFIG_INVALID', file });
      await expect(loading.catch((error: Error) => error.message)).resolves.toMatch(expected);
      expect(existsSync(database)).toBe(false);
    });
  });

  it('reports every problem of a file at once', async () => {
    // Prepare
    const { file } = await writeCase(
      CASES.length,
      base({ listen: { port: 'x' }, queue: { driver: 'redis' } }, { name: 'a b', target: { type: 'http', url: 'nope' } }),
    );

    // Act
    const result = await checkInProcess(file);

    // Assess
    expect(result.code).toBe(EXIT_USAGE);
    for (const path of ['listen.port', 'queue.driver', 'routes[0].name', 'routes[0].target.url']) expect(result.stderr).toContain(`${file}: ${path}`);
  });

  it('points at the line of the offending key', async () => {
    // Prepare
    const { file } = await writeCase(CASES.length + 1, 'queue: { driver: sqlite, path: $DIR/sluice.db }\nlisten:\n  host: 127.0.0.1\n  port: eighty\n');

    // Act
    const result = await checkInProcess(file);

    // Assess
    expect(result.stderr).toContain(`${file}: listen.port (line 4):`);
  });

  it.each([
    {
      description: 'a missing file',
      options: { config: '/nonexistent/sluice.yaml' },
      expected: /\/nonexistent\/sluice\.yaml.*cannot read the file \(ENOENT\)/,
    },
    {
      description: '--config with --upstream',
      options: { config: '/nonexistent/sluice.yaml', upstream: 'http://127.0.0.1:9' },
      expected: /either --config or --upstream/,
    },
    {
      description: 'an --upstream that is not http(s)',
      options: { upstream: 'ftp://127.0.0.1', port: '0' },
      expected: /command line: --upstream: expected an absolute http/,
    },
    { description: 'a --port that is not a number', options: { upstream: 'http://127.0.0.1:9', port: 'abc' }, expected: /command line: --port: / },
  ])('refuses $description with exit code 2', async ({ options, expected }) => {
    // Act
    const error = await loadConfigWithSource(options, {}).then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );

    // Assess
    expect(exitCodeFor(error)).toBe(EXIT_USAGE);
    expect(error?.message).toMatch(expected);
  });

  it('exits 0 for a valid file and summarises it', async () => {
    // Prepare
    const { file } = await writeCase(CASES.length + 2, base());
    const out = captureIo();

    // Act
    const code = await checkConfig(file, out.io, {});

    // Assess
    expect(code).toBe(0);
    expect(out.stdout()).toContain(`${file}: ok`);
  });

  describe('from the command line (one spawned run per exit path)', () => {
    it(
      'config check exits 2 with the problems on stderr and nothing on stdout',
      async () => {
        // Prepare
        const { file } = await writeCase(CASES.length + 3, base({ listen: { port: 'eighty' } }));

        // Act
        const result = await runCli(['config', 'check', file], { timeoutMs: SPAWN_TIMEOUT_MS });

        // Assess
        expect(result.code).toBe(EXIT_USAGE);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain(`${file}: listen.port (line`);
      },
      SPAWN_TIMEOUT_MS + 5_000,
    );

    it(
      'gateway --config exits 2 and nothing starts',
      async () => {
        // Prepare
        const { file, database } = await writeCase(CASES.length + 4, base({}, { captrue: true }));

        // Act
        const result = await runCli(['gateway', '--config', file], { timeoutMs: SPAWN_TIMEOUT_MS });

        // Assess
        expect(result.code).toBe(EXIT_USAGE);
        expect(result.stderr).toContain('unknown key "captrue"; did you mean "capture"?');
        expect(result.stderr).not.toContain('gateway listening');
        expect(existsSync(database)).toBe(false);
      },
      SPAWN_TIMEOUT_MS + 5_000,
    );

    it(
      'a missing argument exits 2',
      async () => {
        // Act
        const result = await runCli(['config', 'check'], { timeoutMs: SPAWN_TIMEOUT_MS });

        // Assess
        expect(result.code).toBe(EXIT_USAGE);
        expect(result.stderr).toMatch(/missing required argument/);
      },
      SPAWN_TIMEOUT_MS + 5_000,
    );
  });
});
