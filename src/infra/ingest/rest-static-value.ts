/**
 * Values a REST integration needs at synthesis (the resource its role may touch, the path it
 * calls): a compiled parameter that is static text, or nothing when it reads the request.
 */
import type { CompiledMapping } from '../../core/ingest/index.js';

/**
 * The text of a value that reads nothing from the request, else `undefined`.
 *
 * @example
 * ```ts
 * staticText(staticMapping('orders')); // 'orders'
 * ```
 * @internal
 */
export function staticText(mapping: CompiledMapping | undefined): string | undefined {
  if (mapping === undefined) return undefined;
  if (mapping.parts.length === 0) return '';
  const [only] = mapping.parts;
  return mapping.parts.length === 1 && only!.kind === 'text' ? only!.text : undefined;
}

/**
 * The static text a value starts with (`uploads/` for `uploads/${context.requestId}`): what an
 * S3 key template lets the role be narrowed to.
 *
 * @example
 * ```ts
 * staticPrefix(compiled('uploads/${context.requestId}')); // 'uploads/'
 * ```
 * @internal
 */
export function staticPrefix(mapping: CompiledMapping): string {
  const [first] = mapping.parts;
  return first?.kind === 'text' ? first.text : '';
}
