import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { BodyInvalidError, type BodySchemaViolation } from './errors.js';

// ajv-formats is CommonJS with `export default` in its types: under NodeNext the default import
// is typed as the module, while at run time it is the plugin function itself.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** A JSON Schema document as read from its file: a JSON object. */
export type JsonSchemaDocument = Readonly<Record<string, unknown>>;

/**
 * The bounds of a body check. A request may send a body of a thousand wrong values; listing
 * them all costs the gateway time and memory the client chose, so:
 *
 * - the client gets at most `maxListed` violations (and how many more there were);
 * - every violation is looked for only in bodies up to `allErrorsMaxBytes`; a larger body is
 *   checked until its first violation (ajv's `allErrors` walks everything, which on untrusted
 *   input is the cost ajv's own security notes warn about).
 */
export const BODY_SCHEMA_LIMITS = { maxListed: 10, allErrorsMaxBytes: 64 * 1024 } as const;

/** The JSON Schema dialects a `schema:` file may declare in `$schema`; none means draft-07. */
const DIALECTS = {
  'http://json-schema.org/draft-07/schema': Ajv,
  'https://json-schema.org/draft/2019-09/schema': Ajv2019,
  'https://json-schema.org/draft/2020-12/schema': Ajv2020,
} as const;

/**
 * Strict about the schema, lenient about its style: an unknown keyword or format (`requried`,
 * `format: emial`) is an error at load, because a typo would otherwise switch a check off
 * without a word; `properties` without `type: object` and similar are fine. No remote `$ref`
 * is ever fetched (there is no `loadSchema`), so a schema that needs one fails at load.
 */
const AJV_OPTIONS = {
  strictSchema: true,
  strictNumbers: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  logger: false,
} as const satisfies Options;

/** Where a schema came from, for messages and for whoever reuses the document. */
export interface BodySchemaSource {
  /** As the configuration names it, e.g. `./schemas/hook.json`. */
  readonly ref: string;
  /** The file it was read from (resolved against the configuration file's folder). */
  readonly file: string;
}

/**
 * A route's JSON Schema for request bodies (`schema: ./hook.json`), compiled once when the
 * configuration is loaded. Ingest routes check each body with it before calling their service;
 * the document itself is kept for whoever needs it as a model (API Gateway REST APIs).
 *
 * @example
 * ```ts
 * const loaded = BodySchema.parse('{"type":"object","required":["id"]}', { ref: './hook.json', file: '/etc/sluice/hook.json' });
 * if (!loaded.ok) throw new Error(loaded.message);
 * loaded.schema.validate(Buffer.from('{"id":7}')); // { id: 7 }
 * loaded.schema.validate(Buffer.from('{}')); // throws BodyInvalidError: [{ instancePath: '', message: "must have required property 'id'" }]
 * ```
 */
export class BodySchema {
  readonly ref: string;
  readonly file: string;
  /** The parsed document, exactly as the file has it. */
  readonly document: JsonSchemaDocument;
  readonly #firstError: ValidateFunction;
  readonly #allErrors: ValidateFunction;

  private constructor(source: BodySchemaSource, document: JsonSchemaDocument, firstError: ValidateFunction, allErrors: ValidateFunction) {
    this.ref = source.ref;
    this.file = source.file;
    this.document = document;
    this.#firstError = firstError;
    this.#allErrors = allErrors;
  }

  /**
   * Parses a schema file's text and compiles it, or says what is wrong with it (not JSON, not an
   * object, an unsupported `$schema`, or an invalid schema, as ajv explains it).
   */
  static parse(text: string, source: BodySchemaSource): { ok: true; schema: BodySchema } | { ok: false; message: string } {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      return { ok: false, message: `${source.ref} is not JSON (${jsonErrorWhere(text, error)})` };
    }
    return BodySchema.compile(document, source);
  }

  /** Compiles an already parsed document (see {@link BodySchema.parse}). */
  static compile(document: unknown, source: BodySchemaSource): { ok: true; schema: BodySchema } | { ok: false; message: string } {
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      return { ok: false, message: `${source.ref}: expected a JSON Schema object, such as {"type": "object"}` };
    }
    const declared = (document as Record<string, unknown>).$schema;
    const dialect = declared === undefined ? Ajv : DIALECTS[dialectKey(declared) as keyof typeof DIALECTS];
    if (dialect === undefined) {
      return {
        ok: false,
        message: `${source.ref}: $schema: expected one of ${Object.keys(DIALECTS).join(', ')} (or none: draft-07), got ${JSON.stringify(declared)}`,
      };
    }
    try {
      const firstError = compileWith(validatorsOf(dialect, false), document);
      const allErrors = compileWith(validatorsOf(dialect, true), document);
      return { ok: true, schema: new BodySchema(source, document as JsonSchemaDocument, firstError, allErrors) };
    } catch (error) {
      return { ok: false, message: `${source.ref} is not a valid JSON Schema: ${(error as Error).message}` };
    }
  }

  /**
   * Parses `body` as JSON and checks it against the schema.
   *
   * @returns the parsed body.
   * @throws BodyInvalidError (400) when the body is not JSON or does not match; its violations
   * are capped at {@link BODY_SCHEMA_LIMITS}.
   */
  validate(body: Uint8Array): unknown {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    } catch {
      // JSON.parse's message quotes the body; the client has the body already, the log needs none of it.
      throw new BodyInvalidError('the body is not JSON; this route takes a JSON body matching its schema');
    }
    const check = body.byteLength <= BODY_SCHEMA_LIMITS.allErrorsMaxBytes ? this.#allErrors : this.#firstError;
    if (check(value)) return value;
    const errors = check.errors ?? [];
    const listed = errors.slice(0, BODY_SCHEMA_LIMITS.maxListed).map(violation);
    throw new BodyInvalidError("the body does not match the route's schema", listed, errors.length - listed.length);
  }
}

/** `$schema` without its empty fragment: `…/draft-07/schema#` and `…/draft-07/schema` are one dialect. */
function dialectKey(declared: unknown): string | undefined {
  return typeof declared === 'string' ? declared.replace(/#$/, '') : undefined;
}

type Dialect = (typeof DIALECTS)[keyof typeof DIALECTS];

/**
 * One ajv per dialect and mode, made on first use: a new instance compiles its meta-schema
 * first (tens of milliseconds), a schema after that about one.
 */
const validators = new Map<Dialect, { firstError?: Ajv; allErrors?: Ajv }>();

function validatorsOf(dialect: Dialect, allErrors: boolean): Ajv {
  const pair = validators.get(dialect) ?? {};
  validators.set(dialect, pair);
  const key = allErrors ? 'allErrors' : 'firstError';
  let ajv = pair[key];
  if (ajv === undefined) {
    ajv = new dialect({ ...AJV_OPTIONS, allErrors });
    addFormats(ajv);
    pair[key] = ajv;
  }
  return ajv;
}

/**
 * Compiles and lets go: the validator keeps what it needs, and the instance forgets the schema,
 * so two files may use one `$id` and a failed compile leaves nothing behind.
 */
function compileWith(ajv: Ajv, document: object): ValidateFunction {
  try {
    return ajv.compile(document);
  } finally {
    ajv.removeSchema(document);
  }
}

function violation(error: ErrorObject): BodySchemaViolation {
  return { instancePath: error.instancePath, message: error.message ?? error.keyword };
}

/** `line 3, column 7: Unexpected token …` when the parser says where, its message otherwise. */
function jsonErrorWhere(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return message;
  const before = text.slice(0, Number(position)).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
}
