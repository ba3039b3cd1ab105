import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BodySchema } from './body-schema.js';
import { parseConfigText, validateConfig } from './config-parse.js';
import { ConfigError } from './errors.js';
import type { ConfigFileReader } from './route-schema-files.js';

const HOOK_SCHEMA = { type: 'object', required: ['ref'], properties: { ref: { type: 'string' } } };

/** A folder of schema files in memory, read as `relativeTo` reads a real one. */
function folder(files: Record<string, string>): ConfigFileReader & { reads: string[] } {
  const reads: string[] = [];
  const read = (ref: string) => {
    reads.push(ref);
    const text = files[ref];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${ref}'`), { code: 'ENOENT' });
    return { file: `/etc/sluice/${ref.replace(/^\.\//, '')}`, text };
  };
  return Object.assign(read, { reads });
}

function ingest(schemaLine: string, target = '{ type: sqs, queue_url: "https://sqs.eu-west-1.amazonaws.com/123456789012/hooks" }'): string {
  return `aws: { region: eu-west-1 }\nroutes:\n  - name: hooks\n    match: { methods: [POST], path: /hooks }\n    target: ${target}\n${schemaLine}`;
}

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected a ConfigError');
}

describe('#13 - route schema files', () => {
  it('reads and compiles the file once, keeping its document on the route', () => {
    // Prepare
    const read = folder({ './schemas/hook.json': JSON.stringify(HOOK_SCHEMA) });

    // Act
    const config = parseConfigText(ingest('    schema: ./schemas/hook.json\n'), { file: 'sluice.yaml', readFile: read });

    // Assess
    const { schema } = config.routes[0]!;
    expect(schema).toBeInstanceOf(BodySchema);
    expect(schema).toMatchObject({ ref: './schemas/hook.json', file: '/etc/sluice/schemas/hook.json', document: HOOK_SCHEMA });
    expect(read.reads).toEqual(['./schemas/hook.json']);
    expect(schema!.validate(Buffer.from('{"ref":"main"}'))).toEqual({ ref: 'main' });
  });

  it.each([
    { description: 'a file that cannot be read', files: {} as Record<string, string>, message: /^cannot read \.\/hook\.json \(ENOENT\)$/ },
    { description: 'a file that is not JSON', files: { './hook.json': '{ type: object }' }, message: /^\.\/hook\.json is not JSON \(/ },
    { description: 'an invalid schema', files: { './hook.json': '{"type":"objekt"}' }, message: /^\.\/hook\.json is not a valid JSON Schema: / },
  ])('reports $description at the key path, with its line, among the other problems', ({ files, message }) => {
    // Act
    const issues = issuesOf(() =>
      parseConfigText(`listen: { port: eighty }\n${ingest('    schema: ./hook.json\n')}`, { file: 'sluice.yaml', readFile: folder(files) }),
    );

    // Assess
    expect(issues).toEqual([
      { path: 'routes[0].schema (line 7)', message: expect.stringMatching(message) as string },
      { path: 'listen.port (line 1)', message: expect.any(String) as string },
    ]);
  });

  it.each([
    { description: 'a number', line: '    schema: 42\n' },
    { description: 'an inline mapping', line: '    schema: { type: object }\n' },
  ])('refuses $description instead of a path', ({ line }) => {
    // Act
    const issues = issuesOf(() => parseConfigText(ingest(line), { file: 'sluice.yaml', readFile: folder({}) }));

    // Assess
    expect(issues).toEqual([{ path: 'routes[0].schema (line 6)', message: 'expected the path of a JSON Schema file, such as ./schemas/hook.json' }]);
  });

  it('refuses a schema on a route that is not an ingest route', () => {
    // Prepare
    const read = folder({ './hook.json': JSON.stringify(HOOK_SCHEMA) });

    // Act
    const issues = issuesOf(() =>
      parseConfigText(ingest('    schema: ./hook.json\n', '{ type: http, url: "http://127.0.0.1:3000/" }'), { file: 'sluice.yaml', readFile: read }),
    );

    // Assess
    expect(issues).toEqual([{ path: 'routes[0].schema (line 6)', message: expect.stringMatching(/^only applies to ingest targets \(sqs, /) as string }]);
  });

  it('refuses a path in a configuration that has no file to be relative to', () => {
    // Act
    const issues = issuesOf(() => parseConfigText(ingest('    schema: ./hook.json\n'), { file: 'sluice.yaml' }));

    // Assess
    expect(issues).toEqual([{ path: 'routes[0].schema (line 6)', message: expect.stringMatching(/relative to a configuration file/) as string }]);
  });

  it('takes a BodySchema built in code', () => {
    // Prepare
    const loaded = BodySchema.compile(HOOK_SCHEMA, { ref: 'code', file: 'code' });
    if (!loaded.ok) throw new Error(loaded.message);
    const raw = parse(ingest('')) as { routes: Record<string, unknown>[] };
    raw.routes[0]!.schema = loaded.schema;

    // Act
    const config = validateConfig(raw, { file: 'code' });

    // Assess
    expect(config.routes[0]!.schema).toBe(loaded.schema);
  });
});
