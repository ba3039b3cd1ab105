/**
 * Ends an exhaustive `switch` over a union: when every member has its `case`, the value left in
 * `default` has type `never` and this compiles; a member added to the union (a target type, a
 * queue driver) and not handled is a type error here, naming the member. At run time it is
 * reached only by a value that skipped the schema, and says which discriminant it carried
 * (never the whole value, which may hold secrets).
 *
 * @throws TypeError naming `key` and its value.
 * @example
 * ```ts
 * switch (config.type) {
 *   case 'http':
 *     return new HttpTarget(config, options);
 *   case 'lambda':
 *     return new LambdaTarget(config, options);
 *   default:
 *     return assertNever(config, 'type');
 * }
 * ```
 */
export function assertNever(value: never, key: string): never {
  const discriminant = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : value;
  throw new TypeError(`unexpected ${key} ${JSON.stringify(discriminant)}`);
}
