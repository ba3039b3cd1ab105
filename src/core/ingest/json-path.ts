/**
 * The JSONPath subset API Gateway HTTP APIs accept after `$request.body`: member names (`.a`,
 * `['a b']`, `["a"]`) and array indexes (`[0]`). Recursive descent (`..`) and filter
 * expressions (`[?(…)]`) are refused by API Gateway; wildcards, slices, unions and negative
 * indexes select several values (or count from the end), which a parameter cannot hold, so
 * they are refused too. Parsed once at config load; {@link selectJsonPath} is a plain walk.
 */

/** One step of a body path: a member of an object or an element of an array. */
export type JsonPathStep = { readonly kind: 'member'; readonly name: string } | { readonly kind: 'index'; readonly index: number };

/** A parsed path, or why it is not one API Gateway (and so Sluice) evaluates. */
export type JsonPathParse = { readonly ok: true; readonly steps: readonly JsonPathStep[] } | { readonly ok: false; readonly message: string };

/** Member names written after a dot; anything else needs the bracket form (`['x.y']`). */
const DOT_NAME = /^[\p{L}\p{N}_-]+/u;
const INDEX = /^\[(0|[1-9][0-9]{0,8})\]/;

/**
 * Parses the part of a body reference after `$request.body`, e.g. `.items[0]['first name']`.
 * An empty text is the whole body (no steps).
 *
 * @example
 * ```ts
 * parseJsonPath(".a['b c'][0]");
 * // { ok: true, steps: [{ kind: 'member', name: 'a' }, { kind: 'member', name: 'b c' }, { kind: 'index', index: 0 }] }
 * parseJsonPath('..a'); // { ok: false, message: 'recursive descent (..) is not supported …' }
 * ```
 */
export function parseJsonPath(text: string): JsonPathParse {
  const steps: JsonPathStep[] = [];
  let rest = text;
  while (rest !== '') {
    if (rest.startsWith('..')) return fail('recursive descent (..) is not supported by API Gateway');
    if (rest.startsWith('.')) {
      const name = DOT_NAME.exec(rest.slice(1))?.[0];
      if (name === undefined)
        return fail(rest[1] === '*' ? 'wildcards (*) are not supported: a parameter holds one value' : `expected a member name after "." at "${rest}"`);
      steps.push({ kind: 'member', name });
      rest = rest.slice(1 + name.length);
      continue;
    }
    if (rest.startsWith("['") || rest.startsWith('["')) {
      const quoted = readQuoted(rest.slice(1));
      if (quoted === undefined) return fail(`unclosed quoted member name, or a backslash before something other than a quote or a backslash, at "${rest}"`);
      if (rest[1 + quoted.length] !== ']') return fail(`expected "]" after the quoted name at "${rest}"`);
      steps.push({ kind: 'member', name: quoted.name });
      rest = rest.slice(2 + quoted.length);
      continue;
    }
    const index = INDEX.exec(rest);
    if (index !== null) {
      steps.push({ kind: 'index', index: Number(index[1]) });
      rest = rest.slice(index[0].length);
      continue;
    }
    if (rest.startsWith('[?')) return fail('filter expressions ([?(…)]) are not supported by API Gateway');
    if (rest.startsWith('['))
      return fail(`expected an index ([0]) or a quoted name (['a']) at "${rest}": wildcards, slices, unions and negative indexes are not supported`);
    return fail(`expected "." or "[" at "${rest}"`);
  }
  return { ok: true, steps };
}

/** A quoted name at the start of `text` (its quote included) and how many characters it took. */
function readQuoted(text: string): { name: string; length: number } | undefined {
  const quote = text[0]!;
  let name = '';
  for (let i = 1; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === quote) return { name, length: i + 1 };
    if (char === '\\') {
      const next = text[i + 1];
      if (next !== quote && next !== '\\') return undefined;
      name += next;
      i += 1;
      continue;
    }
    name += char;
  }
  return undefined;
}

function fail(message: string): JsonPathParse {
  return { ok: false, message };
}

/**
 * Writes steps back in the canonical form: dot names where they can stand, single-quoted
 * brackets otherwise, so `parseJsonPath(renderJsonPath(steps))` gives the same steps.
 *
 * @example
 * ```ts
 * renderJsonPath([{ kind: 'member', name: 'a b' }, { kind: 'index', index: 2 }]); // "['a b'][2]"
 * ```
 */
export function renderJsonPath(steps: readonly JsonPathStep[]): string {
  return steps
    .map((step) => {
      if (step.kind === 'index') return `[${step.index}]`;
      const dot = DOT_NAME.exec(step.name)?.[0];
      return dot === step.name ? `.${step.name}` : `['${step.name.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`;
    })
    .join('');
}

/**
 * Walks parsed JSON along the steps. `undefined` when a step finds nothing: a member of a
 * non-object, an index of a non-array or past its end. Members are own properties only, so
 * `__proto__` or `constructor` never reach the prototype.
 *
 * @example
 * ```ts
 * selectJsonPath({ a: [{ b: 1 }] }, [{ kind: 'member', name: 'a' }, { kind: 'index', index: 0 }]); // { b: 1 }
 * ```
 */
export function selectJsonPath(value: unknown, steps: readonly JsonPathStep[]): unknown {
  let current = value;
  for (const step of steps) {
    if (step.kind === 'index') {
      if (!Array.isArray(current) || step.index >= current.length) return undefined;
      current = current[step.index];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, step.name)) return undefined;
      current = (current as Record<string, unknown>)[step.name];
    }
  }
  return current;
}
