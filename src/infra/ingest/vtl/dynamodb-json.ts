/**
 * Plain JSON as DynamoDB's attribute values, as `@aws-sdk/util-dynamodb`'s `marshall` writes
 * them (strings `S`, numbers `N`, booleans `BOOL`, `null` `NULL`, arrays `L`, objects `M`): for
 * values known at synthesis, such as a route's `ExpressionAttributeValues`.
 */

/** One DynamoDB attribute value in its JSON wire form. */
export type AttributeValueJson =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly BOOL: boolean }
  | { readonly NULL: true }
  | { readonly L: readonly AttributeValueJson[] }
  | { readonly M: Readonly<Record<string, AttributeValueJson>> };

/**
 * Marshals one plain JSON value.
 *
 * @example
 * ```ts
 * marshallJson({ id: 'o-1', total: 12.5, tags: ['x'] });
 * // { M: { id: { S: 'o-1' }, total: { N: '12.5' }, tags: { L: [{ S: 'x' }] } } }
 * ```
 * @internal
 */
export function marshallJson(value: unknown): AttributeValueJson {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null || value === undefined) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(marshallJson) };
  return { M: Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, entry]) => [key, marshallJson(entry)])) };
}
