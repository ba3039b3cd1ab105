import type { ConfigIssue } from './errors.js';

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in every string of a parsed document with the environment variable's value;
 * `$${NAME}` stays literal as `${NAME}`. A missing variable is an issue at that key path, so the
 * user learns which setting needs it.
 *
 * @example
 * ```ts
 * const issues: ConfigIssue[] = [];
 * substituteEnv({ a: '${HOME}' }, process.env, issues); // { a: '/root' }
 * ```
 */
export function substituteEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  issues: ConfigIssue[],
  path: readonly (string | number)[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (whole, name: string | undefined) => {
      if (name === undefined) return '${';
      const resolved = env[name];
      if (resolved === undefined) {
        issues.push({ path: formatPath(path), message: `environment variable ${name} is not set` });
        return whole;
      }
      return resolved;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => substituteEnv(item, env, issues, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteEnv(item, env, issues, [...path, key])]),
    );
  }
  return value;
}

/** `['routes', 0, 'target', 'url']` → `routes[0].target.url`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}
