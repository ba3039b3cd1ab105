import { BodySchema } from './body-schema.js';
import { errorCode, type ConfigIssue } from './errors.js';

/**
 * Reads a file that a setting names, relative to the configuration file (`schema: ./hook.json`):
 * the path it resolved to and the text. Throws what the file system threw. The configuration
 * code stays free of I/O; whoever loads a file passes one of these.
 */
export type ConfigFileReader = (ref: string) => { readonly file: string; readonly text: string };

/**
 * Reads and compiles the JSON Schema file each route names (`routes[i].schema`), once, when the
 * configuration is loaded: a copy of `raw` with a {@link BodySchema} in place of each path that
 * loaded, and one issue (at `routes[i].schema`) for each that did not: unreadable, not JSON, or
 * not a valid schema. Without a `read` (a configuration built in code), a path is an issue: code
 * can put a `BodySchema` there itself.
 *
 * @example
 * ```ts
 * const { raw: loaded, issues } = loadRouteSchemas(raw, (ref) => ({ file: resolve(dir, ref), text: readFileSync(resolve(dir, ref), 'utf8') }));
 * ```
 */
export function loadRouteSchemas(
  raw: Readonly<Record<string, unknown>>,
  read: ConfigFileReader | undefined,
): { raw: Record<string, unknown>; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  if (!Array.isArray(raw.routes)) return { raw: { ...raw }, issues };
  const routes = raw.routes.map((route: unknown, index) => {
    if (route === null || typeof route !== 'object' || typeof (route as Record<string, unknown>).schema !== 'string') return route;
    const { schema: ref, ...rest } = route as Record<string, unknown> & { schema: string };
    const loaded = loadSchema(ref, read);
    if (loaded.ok) return { ...rest, schema: loaded.schema };
    issues.push({ path: `routes[${index}].schema`, message: loaded.message });
    return rest;
  });
  return { raw: { ...raw, routes }, issues };
}

function loadSchema(ref: string, read: ConfigFileReader | undefined): { ok: true; schema: BodySchema } | { ok: false; message: string } {
  if (ref.trim() === '') return { ok: false, message: 'expected the path of a JSON Schema file, such as ./schemas/hook.json' };
  if (read === undefined) return { ok: false, message: `${ref}: files are read relative to a configuration file, and this configuration has none` };
  let file: { file: string; text: string };
  try {
    file = read(ref);
  } catch (error) {
    return { ok: false, message: `cannot read ${ref} (${errorCode(error) ?? String(error)})` };
  }
  return BodySchema.parse(file.text, { ref, file: file.file });
}
