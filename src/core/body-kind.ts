/**
 * How a body is represented in a capture record (SPEC §1): parsed JSON, UTF-8 text, or base64.
 */
export type BodyKind = 'json' | 'text' | 'binary';

const TEXTUAL_APPLICATION = new Set([
  'application/xml',
  'application/javascript',
  'application/ecmascript',
  'application/x-www-form-urlencoded',
  'application/graphql',
  'application/x-ndjson',
  'application/yaml',
  'application/x-yaml',
]);

/**
 * Classifies a Content-Type value.
 *
 * @example
 * ```ts
 * bodyKind('application/vnd.api+json; charset=utf-8'); // 'json'
 * bodyKind('image/png'); // 'binary'
 * ```
 */
export function bodyKind(contentType: string | undefined): BodyKind {
  if (!contentType) return 'binary';
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'json';
  if (mediaType.startsWith('text/') || mediaType.endsWith('+xml') || TEXTUAL_APPLICATION.has(mediaType)) return 'text';
  return 'binary';
}
