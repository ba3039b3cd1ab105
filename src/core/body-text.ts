const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A captured body as text, or undefined when its bytes are not UTF-8 (the record then carries
 * it as base64). The capture limit cuts bytes, not characters: a body cut there may end inside
 * a character, which is dropped (streaming mode holds an incomplete tail back instead of
 * failing on it).
 *
 * @example
 * ```ts
 * decodeBodyText(Buffer.from('héllo'), false); // 'héllo'
 * decodeBodyText(Buffer.from([0xc3, 0x28]), false); // undefined
 * ```
 */
export function decodeBodyText(bytes: Buffer, truncated: boolean): string | undefined {
  try {
    if (truncated) return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
