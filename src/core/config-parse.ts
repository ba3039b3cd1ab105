import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatPath, substituteEnv } from './config-env.js';
import { configSchema, type SluiceConfig } from './config-schema.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { fromLrpConfig, isLrpConfig } from './lrp-config.js';

export interface ParseConfigOptions {
  /** Shown in every issue, so the user knows which file to open. */
  readonly file: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Parses and validates a `sluice.yaml` document. Reports every problem at once, each with the
 * file, the key path and what was expected.
 *
 * @throws ConfigError with one issue per problem.
 * @example
 * ```ts
 * const config = parseConfigText(await readFile('sluice.yaml', 'utf8'), { file: 'sluice.yaml', env: process.env });
 * ```
 */
export function parseConfigText(text: string, options: ParseConfigOptions): SluiceConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: true, lineCounter });
  if (document.errors.length > 0) {
    throw new ConfigError(
      options.file,
      document.errors.map((error) => ({ path: '', message: `YAML syntax: ${error.message.split('\n')[0]}` })),
    );
  }
  try {
    return validateConfig(document.toJS() ?? {}, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Point at the line in the file as well as the key path: editors jump to `file:line`.
    const located = error.issues.map((issue) => ({ ...issue, path: withLine(issue.path, document, lineCounter) }));
    throw new ConfigError(options.file, located);
  }
}

function withLine(path: string, document: Document, lineCounter: LineCounter): string {
  if (path === '') return path;
  const keys = path.split(/\.|\[(\d+)\]/).filter(Boolean).map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  for (let depth = keys.length; depth > 0; depth -= 1) {
    const node: unknown = document.getIn(keys.slice(0, depth), true);
    if (isNode(node) && node.range) return `${path} (line ${lineCounter.linePos(node.range[0]).line})`;
  }
  return path;
}

/**
 * Validates an already parsed document (YAML, JSON, or an object built in code).
 *
 * @throws ConfigError with one issue per problem.
 */
export function validateConfig(raw: unknown, options: ParseConfigOptions): SluiceConfig {
  const issues: ConfigIssue[] = [];
  const substituted = substituteEnv(raw, options.env ?? {}, issues);
  if (substituted === null || typeof substituted !== 'object' || Array.isArray(substituted)) {
    throw new ConfigError(options.file, [{ path: '', message: 'expected a mapping of settings at the top level' }]);
  }
  // A lambda-reverse-proxy file (lrp.yaml) is accepted as it is (SPEC §4); issues name its keys.
  const lrp = isLrpConfig(substituted) ? fromLrpConfig(substituted, issues) : undefined;
  const result = configSchema.safeParse(lrp?.config ?? substituted);
  if (!result.success) {
    const found = result.error.issues.map(toConfigIssue);
    issues.push(...(lrp ? found.map((issue) => ({ ...issue, path: lrp.originalPath(issue.path) })) : found));
  }
  if (issues.length > 0) throw new ConfigError(options.file, issues);
  return result.data as SluiceConfig;
}

function toConfigIssue(issue: z.core.$ZodIssue): ConfigIssue {
  return { path: formatPath(issue.path), message: describeIssue(issue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_type':
      return /received undefined$/.test(issue.message)
        ? `required: expected ${issue.expected}`
        : issue.message.replace(/^Invalid input: /, '');
    case 'invalid_value':
      return `expected one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return issue.message;
  }
}
