/**
 * Writing text into API Gateway mapping templates (Velocity 1.7) safely. Configured text (a
 * static parameter, a header name, a JSONPath) must never be read as a reference (`$x`), a
 * directive (`#if`) or the end of a string literal: every character Velocity treats specially
 * is written as a variable the prelude sets from `$util.urlDecode`, which the template language
 * offers on AWS and which needs no escape syntax of its own (Velocity 1.7 has none for quotes).
 */

/** The characters Velocity reads inside a double-quoted literal, and the variable standing for each. */
const SPECIAL: Readonly<Record<string, string>> = {
  $: '${sluiceDollar}',
  '#': '${sluiceHash}',
  '"': '${sluiceQuote}',
  '\\': '${sluiceBackslash}',
};

/**
 * Sets the variables {@link vtlString} uses; every template starts with it. `##` ends each line
 * so the prelude writes nothing.
 *
 * @internal
 */
export const VTL_PRELUDE = [
  "#set($sluiceDollar = $util.urlDecode('%24'))##",
  "#set($sluiceHash = $util.urlDecode('%23'))##",
  "#set($sluiceQuote = $util.urlDecode('%22'))##",
  "#set($sluiceBackslash = $util.urlDecode('%5C'))##",
  "#set($sluiceBracket = $util.urlDecode('%5B'))##",
].join('\n');

/**
 * A double-quoted Velocity literal whose value is exactly `text`.
 *
 * @example
 * ```ts
 * vtlString('price: $5 #1'); // '"price: ${sluiceDollar}5 ${sluiceHash}1"'
 * ```
 * @internal
 */
export function vtlString(text: string): string {
  return `"${text.replace(/[$#"\\]/g, (char) => SPECIAL[char]!)}"`;
}

/**
 * Lines of directives as one block that writes nothing: each line ends in `##`, Velocity's
 * comment, which swallows the line break.
 *
 * @internal
 */
export function vtlBlock(lines: readonly string[]): string {
  return lines.map((line) => `${line}##\n`).join('');
}
