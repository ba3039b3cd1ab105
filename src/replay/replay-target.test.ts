import { describe, expect, it } from 'vitest';
import { parseReplayTarget } from './replay-target.js';

describe('Function: parseReplayTarget', () => {
  it.each(['http://127.0.0.1:3000', 'https://staging.example.com/v2/', ' http://[::1]:8080 '])('reads %j', (text) => {
    // Act & Assess
    expect(parseReplayTarget(text).href).toBe(new URL(text.trim()).href);
  });

  it.each([
    { description: 'another scheme', value: 'ftp://example.com', message: '--to: expected an http or https URL, got ftp:' },
    { description: 'credentials', value: 'https://ops:secret@example.com', message: '--to: credentials in the URL are not accepted' },
    { description: 'a relative path', value: '/api', message: '--to: not a URL: "/api"' },
    { description: 'nothing', value: '', message: '--to: expected the URL to send to, such as "http://127.0.0.1:3000"' },
    { description: 'not a string', value: 42, message: '--to: expected the URL to send to, such as "http://127.0.0.1:3000"' },
  ])('refuses $description with SLUICE_INVALID_ARGUMENT, naming the field', ({ value, message }) => {
    // Act & Assess
    expect(() => parseReplayTarget(value, '--to')).toThrow(expect.objectContaining({ code: 'SLUICE_INVALID_ARGUMENT', message }));
  });

  it('never repeats credentials in its message', () => {
    // Act & Assess
    expect(() => parseReplayTarget('https://ops:secret@example.com')).toThrow(expect.not.objectContaining({ message: expect.stringContaining('secret') }));
  });
});
