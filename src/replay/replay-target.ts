import { InvalidArgumentError } from '../core/errors.js';

/**
 * Reads where a replay goes: an absolute `http:` or `https:` URL without credentials (they
 * would end up in shell histories and logs, and a replayed request carries its own recorded
 * `Authorization`, redacted or not). `name` is how the caller's user spells the field
 * (`to` in `POST /api/replay`, `--to` on the command line), so both say it the same way.
 *
 * @throws InvalidArgumentError naming `name` and what was expected.
 * @example
 * ```ts
 * parseReplayTarget('https://staging.example.com/v2'); // URL
 * parseReplayTarget('ftp://example.com', '--to'); // throws: --to: expected an http or https URL, got ftp:
 * ```
 */
export function parseReplayTarget(value: unknown, name = 'to'): URL {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidArgumentError(`${name}: expected the URL to send to, such as "http://127.0.0.1:3000"`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidArgumentError(`${name}: not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`${name}: expected an http or https URL, got ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new InvalidArgumentError(`${name}: credentials in the URL are not accepted`);
  return url;
}
