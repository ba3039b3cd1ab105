import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatPath, maskEnvReferences, resolveEnvReferences } from './config-env.js';
import { configSchema, type SluiceConfig } from './config-schema.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { fromLrpConfig, isLrpConfig } from './lrp-config.js';
import { loadRouteSchemas, type ConfigFileReader } from './route-schema-files.js';
import { knownKeysAt, nearestKey } from './schema-keys.js';

export interface ParseConfigOptions {
  /** Shown in every issue, so the user knows which file to open. */
  readonly file: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads the files settings name (a route's `schema`); see {@link ValidateConfigOptions.readFile}. */
  readonly readFile?: ConfigFileReader;
}

/** A YAML document read with its environment references resolved, before validation. */
export interface ConfigDocument {
  /** The document as plain data: mappings, sequences and scalars. */
  readonly raw: unknown;
  /** Adds ` (line N)` to a key path that exists in the file, so editors can jump to it. */
  readonly locate: (path: string) => string;
}

/**
 * Parses a `sluice.yaml` text and resolves its `${NAME}` references (see
 * {@link resolveEnvReferences}) without validating it, so flags can be layered on top.
 *
 * @throws ConfigError with the first YAML syntax error (line and column: later ones are
 * usually its echoes), or one issue per unset variable.
 * @example
 * ```ts
 * const { raw } = readConfigDocument('listen: { port: ${PORT} }', { file: 'sluice.yaml', env: { PORT: '9000' } });
 * ```
 */
export function readConfigDocument(text: string, options: ParseConfigOptions): ConfigDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(maskEnvReferences(text), { prettyErrors: true, lineCounter });
  const [first] = document.errors;
  if (first !== undefined) {
    const where = first.linePos ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}` : '';
    const what = first.message
      .split('\n')[0]!
      .replace(/ at line \d+, column \d+:?$/, '')
      .replace(/[\uE000\uE001]/g, (brace) => (brace === '\uE000' ? '{' : '}'));
    throw new ConfigError(options.file, [{ path: '', message: `YAML syntax${where}: ${what}` }]);
  }
  const issues: ConfigIssue[] = [];
  resolveEnvReferences(document, options.env ?? {}, issues);
  const locate = (path: string): string => withLine(path, document, lineCounter);
  if (issues.length > 0)
    throw new ConfigError(
      options.file,
      issues.map((issue) => ({ ...issue, path: locate(issue.path) })),
    );
  return { raw: document.toJS() ?? {}, locate };
}

/**
 * Parses and validates a `sluice.yaml` document. Reports every problem at once, each with the
 * file, the key path, its line and what was expected.
 *
 * @throws ConfigError with one issue per problem.
 * @example
 * ```ts
 * const config = parseConfigText(await readFile('sluice.yaml', 'utf8'), { file: 'sluice.yaml', env: process.env });
 * ```
 */
export function parseConfigText(text: string, options: ParseConfigOptions): SluiceConfig {
  const { raw, locate } = readConfigDocument(text, options);
  return validateConfig(raw, { ...options, locate });
}

function withLine(path: string, document: Document, lineCounter: LineCounter): string {
  if (path === '') return path;
  const keys = path
    .split(/\.|\[(\d+)\]/)
    .filter(Boolean)
    .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  for (let depth = keys.length; depth > 0; depth -= 1) {
    const node: unknown = document.getIn(keys.slice(0, depth), true);
    if (isNode(node) && node.range) return `${path} (line ${lineCounter.linePos(node.range[0]).line})`;
  }
  return path;
}

export interface ValidateConfigOptions {
  /** Shown in every issue. */
  readonly file: string;
  /** Rewrites an issue's key path for the reader: a line in the file, or the flag that set it. */
  readonly locate?: (path: string) => string;
  /**
   * Reads the files settings name (a route's `schema`), relative to the configuration file.
   * Without it such a path is an issue: only a configuration read from a file has a folder.
   */
  readonly readFile?: ConfigFileReader;
}

/**
 * Validates an already parsed document (YAML, JSON, or an object built in code). Strings are
 * taken as they are: `${NAME}` is resolved when a file is read, never in values built in code.
 *
 * @throws ConfigError with one issue per problem.
 * @example
 * ```ts
 * const config = validateConfig({ routes: [{ name: 'a', target: { type: 'http', url: 'http://127.0.0.1:3000' } }] }, { file: 'code' });
 * ```
 */
export function validateConfig(raw: unknown, options: ValidateConfigOptions): SluiceConfig {
  const locate = options.locate ?? ((path: string) => path);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(options.file, [{ path: '', message: 'expected a mapping of settings at the top level' }]);
  }
  const issues: ConfigIssue[] = [];
  // A lambda-reverse-proxy file (lrp.yaml) is accepted as it is (SPEC §4); issues name its keys.
  const lrp = isLrpConfig(raw as Record<string, unknown>) ? fromLrpConfig(raw as Record<string, unknown>, issues) : undefined;
  // Schema files are read here, once, so a missing or invalid one is reported with the rest.
  const files = lrp ? { raw: lrp.config, issues: [] } : loadRouteSchemas(raw as Record<string, unknown>, options.readFile);
  issues.push(...files.issues);
  const input = files.raw;
  const result = configSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = formatPath(issue.path);
      // Suggestions name this schema's keys, which an lrp.yaml does not use.
      const message = describeIssue(issue, lrp ? undefined : input);
      issues.push({ path: lrp ? lrp.originalPath(path) : path, message });
    }
  }
  if (issues.length > 0)
    throw new ConfigError(
      options.file,
      issues.map((issue) => ({ ...issue, path: locate(issue.path) })),
    );
  return result.data as SluiceConfig;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = input === undefined ? [] : knownKeysAt(configSchema, issue.path, input);
      return issue.keys
        .map((key) => {
          const nearest = nearestKey(key, known);
          return `unknown key "${key}"${nearest === undefined ? '' : `; did you mean "${nearest}"?`}`;
        })
        .join(', ');
    }
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? `required: expected ${issue.expected}` : issue.message.replace(/^Invalid input: /, '');
    case 'invalid_value':
      return `expected one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    // Listed rather than left to `default`, so a code a zod upgrade adds is a lint error until
    // someone decides whether zod's own message is clear enough for it.
    case 'custom':
    case 'invalid_element':
    case 'invalid_format':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
    case 'too_big':
    case 'too_small':
    default:
      return issue.message;
  }
}
