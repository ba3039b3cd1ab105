/**
 * Characters of a JSON text that XML 1.0 — and so an SQS message body — does not allow:
 * control characters other than tab, line feed and carriage return, lone surrogates, and the
 * noncharacters U+FFFE and U+FFFF (SQS accepts #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD |
 * #x10000–#x10FFFF).
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Writes the characters XML 1.0 refuses as `\uXXXX` escapes in a valid JSON text, which then
 * means exactly the same value: in a valid JSON text such characters can only stand inside
 * strings (JSON's white space is tab, line feed, carriage return and space), where an escape is
 * always allowed.
 *
 * `JSON.stringify` already escapes control characters and lone surrogates, and `JSON.parse`
 * refuses them raw inside strings, so in the texts Sluice writes only U+FFFE and U+FFFF can be
 * left: the check looks for those two (a fast `includes`, this runs for every record delivered)
 * and, when one is there, escapes every refused character.
 *
 * @example
 * ```ts
 * escapeNonXmlCharacters('{"a":"x\uFFFEy"}'); // '{"a":"x\\ufffey"}'
 * ```
 */
export function escapeNonXmlCharacters(json: string): string {
  if (!json.includes('\uFFFE') && !json.includes('\uFFFF')) return json;
  return json.replace(NOT_XML, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
