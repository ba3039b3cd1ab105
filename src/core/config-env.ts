import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Document } from 'yaml';
import type { ConfigIssue } from './errors.js';

/**
 * `${NAME}` references, masked before the text is parsed: `{` and `}` are flow indicators in
 * YAML, so `{ signing_secret: ${X} }` or `[${A}, ${B}]` would not parse. Each brace of a
 * reference becomes a private-use character of the same length, so every line and column the
 * parser reports still points into the file as written.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const TEXT_REFERENCE = /\$\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const MASKED_REFERENCE = new RegExp(`\\$\\$${OPEN}|\\$${OPEN}([A-Za-z_][A-Za-z0-9_]*)${CLOSE}|${OPEN}|${CLOSE}`, 'g');

/**
 * Masks the braces of every `${NAME}` (and of the literal escape `$${NAME}`) so the text parses
 * as YAML wherever a value may stand, flow maps and sequences included. Lengths do not change.
 *
 * @example
 * ```ts
 * const document = parseDocument(maskEnvReferences('destination: { url: ${URL} }'));
 * ```
 */
export function maskEnvReferences(text: string): string {
  return text.replace(TEXT_REFERENCE, (whole, escaped: string | undefined, name: string | undefined) => {
    if (escaped !== undefined) return `$$${OPEN}${escaped}${CLOSE}`;
    if (name !== undefined) return `$${OPEN}${name}${CLOSE}`;
    return `$$${OPEN}`;
  });
}

/**
 * Replaces the masked `${NAME}` references in the scalars of a document parsed from
 * {@link maskEnvReferences}'s output with the environment's values; `$${NAME}` becomes the
 * literal `${NAME}`. A plain (unquoted) value that is exactly one reference takes the type YAML
 * gives the variable's value, so `port: ${PORT}` is a number and `capture: ${ON}` a boolean;
 * quoted values stay strings. A variable that is not set is an issue at its key path. Keys are
 * never substituted.
 *
 * @example
 * ```ts
 * const issues: ConfigIssue[] = [];
 * const document = parseDocument(maskEnvReferences('listen: { port: ${PORT} }'));
 * resolveEnvReferences(document, { PORT: '9000' }, issues);
 * document.toJS(); // { listen: { port: 9000 } }
 * ```
 */
export function resolveEnvReferences(document: Document, env: Readonly<Record<string, string | undefined>>, issues: ConfigIssue[]): void {
  const walk = (node: unknown, path: readonly (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && typeof pair.key.value === 'string') pair.key.value = unmask(pair.key.value);
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index]));
    } else if (isPair(node)) {
      walk(node.value, path);
    } else if (isScalar(node) && typeof node.value === 'string' && !isAlias(node)) {
      resolveScalar(node, env, issues, path);
    }
  };
  walk(document.contents, []);
}

function resolveScalar(node: Scalar, env: Readonly<Record<string, string | undefined>>, issues: ConfigIssue[], path: readonly (string | number)[]): void {
  const text = node.value as string;
  if (!text.includes(OPEN) && !text.includes(CLOSE)) return;
  let missing = false;
  const resolved = text.replace(MASKED_REFERENCE, (whole, name: string | undefined) => {
    if (whole === `$$${OPEN}`) return '${';
    if (whole === OPEN) return '{';
    if (whole === CLOSE) return '}';
    const value = env[name!];
    if (value === undefined) {
      issues.push({ path: formatPath(path), message: `environment variable ${name} is not set` });
      missing = true;
      return `\${${name}}`;
    }
    return value;
  });
  const whole = /^\$\uE000[A-Za-z_][A-Za-z0-9_]*\uE001$/.test(text);
  node.value = !missing && whole && node.type === Scalar.PLAIN ? asYamlScalar(resolved) : resolved;
}

/** The value as YAML reads an unquoted scalar: `8080` a number, `true` a boolean, else the text. */
function asYamlScalar(text: string): unknown {
  const document = parseDocument(text);
  if (document.errors.length > 0 || !isScalar(document.contents)) return text;
  const { value } = document.contents;
  return typeof value === 'number' || typeof value === 'boolean' ? value : text;
}

function unmask(text: string): string {
  return text.replaceAll(OPEN, '{').replaceAll(CLOSE, '}');
}

/** `['routes', 0, 'target', 'url']` → `routes[0].target.url`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}
