/**
 * Which bodies travel as text in an event and which as base64 (SPEC §4): text only for
 * `text/*`, JSON, XML and JavaScript media types; everything else, including a missing
 * Content-Type and `application/x-www-form-urlencoded`, is base64 with `isBase64Encoded: true`.
 * A body that claims a textual type but is not valid UTF-8 is sent as base64 too, so no byte is
 * ever lost to a replacement character.
 */
import { isUtf8 } from 'node:buffer';

const TEXT_APPLICATION = new Set(['application/json', 'application/xml', 'application/javascript', 'application/ecmascript', 'application/x-javascript']);

/**
 * True when a Content-Type names a textual media type.
 *
 * @example
 * ```ts
 * isTextMediaType('application/vnd.api+json; charset=utf-8'); // true
 * isTextMediaType('application/x-www-form-urlencoded'); // false
 * ```
 */
export function isTextMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return mediaType.startsWith('text/') || mediaType.endsWith('+json') || mediaType.endsWith('+xml') || TEXT_APPLICATION.has(mediaType);
}

/** An event's `body` and `isBase64Encoded`. */
export interface EncodedBody {
  readonly body: string;
  readonly isBase64Encoded: boolean;
}

/**
 * Encodes a request body for an event by its Content-Type.
 *
 * @example
 * ```ts
 * encodeBody(Buffer.from('{"a":1}'), 'application/json'); // { body: '{"a":1}', isBase64Encoded: false }
 * encodeBody(Buffer.from([0xff]), 'image/png'); // { body: '/w==', isBase64Encoded: true }
 * ```
 */
export function encodeBody(body: Buffer, contentType: string | undefined): EncodedBody {
  if (isTextMediaType(contentType) && isUtf8(body)) return { body: body.toString('utf8'), isBase64Encoded: false };
  return { body: body.toString('base64'), isBase64Encoded: true };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/**
 * Decodes a response body the function marked `isBase64Encoded`; `undefined` when it is not
 * base64 (AWS answers such a response with 502).
 *
 * @example
 * ```ts
 * decodeBase64('aGk='); // <Buffer 68 69>
 * decodeBase64('not base64!'); // undefined
 * ```
 */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.includes('\n') || text.includes('\r') ? text.replace(/[\r\n]/g, '') : text;
  if (!BASE64.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}
