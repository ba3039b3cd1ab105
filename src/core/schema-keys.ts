import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';

/** How far a typo may be from a known key and still be suggested: about one slip in three letters, and a swap of two letters (two edits) in any key. */
const MAX_DISTANCE_RATIO = 1 / 3;

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/**
 * The keys a strict object of `schema` accepts at `path`, read from the schema itself so the
 * suggestions can never drift from what is valid. A discriminated union picks the member the
 * input names (`type: lambda`); without one, the keys of every member.
 *
 * @example
 * ```ts
 * knownKeysAt(configSchema, ['routes', 0], input); // ['name', 'match', 'target', 'capture', 'limits', 'auth']
 * ```
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  let node: z.ZodType | undefined = schema;
  let value: unknown = input;
  for (const key of path) {
    node = objectLike(node, value);
    if (node === undefined) return [];
    const def = defOf(node);
    if (def.type === 'object') node = def.shape![String(key)];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'record') node = def.valueType;
    else return [];
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as string] : undefined;
  }
  const target = objectLike(node, value);
  if (target === undefined) return [];
  const def = defOf(target);
  if (def.type === 'object') return Object.keys(def.shape!);
  if (def.type === 'union') return [...new Set(def.options!.flatMap((option) => knownKeysAt(option, [], value)))];
  return [];
}

/** Unwraps defaults, optionals and pipes, and picks a union's member; keeps arrays and records. */
function objectLike(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let node = schema;
  while (node !== undefined) {
    const def = defOf(node);
    if (def.innerType !== undefined) node = def.innerType;
    else if (def.type === 'pipe') node = def.in;
    else if (def.type === 'union' && def.discriminator !== undefined && value !== null && typeof value === 'object') {
      const wanted = (value as Record<string, unknown>)[def.discriminator];
      const member = def.options!.find((option) => {
        const shape = defOf(option).shape;
        const literal = shape?.[def.discriminator!] as unknown as { _zod: { def: { values?: unknown[] } } } | undefined;
        return literal?._zod.def.values?.includes(wanted) === true;
      });
      if (member === undefined) return node;
      node = member;
    } else return node;
  }
  return undefined;
}

/**
 * The known key closest to `key` by edit distance (case-insensitive), when it is close enough to
 * be a typo; `undefined` otherwise.
 *
 * @example
 * ```ts
 * nearestKey('destinaton', ['listen', 'destination', 'routes']); // 'destination'
 * ```
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(Math.max(key.length, best.length) * MAX_DISTANCE_RATIO)) ? best : undefined;
}
