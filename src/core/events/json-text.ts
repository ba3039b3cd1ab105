/**
 * JSON text for the parts of an event, written piece by piece: for an event whose shape is known,
 * this is about twice as fast as `JSON.stringify` of the whole object, and gives the same text.
 */

/**
 * A string as JSON.
 *
 * @example
 * ```ts
 * jsonString('say "hi"'); // '"say \\"hi\\""'
 * ```
 */
export const jsonString: (value: string) => string = JSON.stringify;

/**
 * An array of strings as JSON.
 *
 * @example
 * ```ts
 * jsonStringArray(['a=1', 'b=2']); // '["a=1","b=2"]'
 * ```
 */
export function jsonStringArray(values: readonly string[]): string {
  let text = '[';
  for (let i = 0; i < values.length; i += 1) text += (i === 0 ? '' : ',') + jsonString(values[i]!);
  return `${text}]`;
}

/**
 * An object of strings as JSON, its keys in the order `JSON.stringify` gives them (integer-like
 * keys first, ascending, then the others as they were added).
 *
 * @example
 * ```ts
 * jsonStringRecord({ host: 'example.com', accept: '*\/*' }); // '{"host":"example.com","accept":"*\/*"}'
 * ```
 */
export function jsonStringRecord(record: Readonly<Record<string, string>>): string {
  let text = '{';
  let first = true;
  for (const key of Object.keys(record)) {
    text += (first ? '' : ',') + jsonString(key) + ':' + jsonString(record[key]!);
    first = false;
  }
  return `${text}}`;
}
