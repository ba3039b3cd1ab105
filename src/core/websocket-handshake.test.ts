import { describe, expect, it } from 'vitest';
import { declaresBody, isWebSocketUpgrade, webSocketHandshakeProblem } from './websocket-handshake.js';

const head = (overrides: Partial<Parameters<typeof webSocketHandshakeProblem>[0]> = {}) => ({
  method: 'GET',
  httpVersionMajor: 1,
  httpVersionMinor: 1,
  rawHeaders: ['Host', 'x', 'Connection', 'Upgrade', 'Upgrade', 'websocket'],
  ...overrides,
});

describe('Function: isWebSocketUpgrade', () => {
  it.each([
    { description: 'websocket', value: 'websocket', expected: true },
    { description: 'any case and spacing', value: ' WebSocket ', expected: true },
    { description: 'h2c', value: 'h2c', expected: false },
    { description: 'websocket offered with another protocol', value: 'h2c, websocket', expected: false },
  ])('$description: $expected', ({ value, expected }) => {
    expect(isWebSocketUpgrade(['Upgrade', value])).toBe(expected);
  });
});

describe('Function: declaresBody', () => {
  it.each([
    { description: 'no framing headers', rawHeaders: [], expected: false },
    { description: 'Content-Length: 0', rawHeaders: ['Content-Length', '0'], expected: false },
    { description: 'Content-Length: 5', rawHeaders: ['content-length', '5'], expected: true },
    { description: 'Transfer-Encoding', rawHeaders: ['Transfer-Encoding', 'chunked'], expected: true },
  ])('$description: $expected', ({ rawHeaders, expected }) => {
    expect(declaresBody(rawHeaders)).toBe(expected);
  });
});

describe('Function: webSocketHandshakeProblem', () => {
  it('accepts a bodiless GET over HTTP/1.1', () => {
    expect(webSocketHandshakeProblem(head({ rawHeaders: ['Upgrade', 'websocket', 'Content-Length', '0'] }))).toBeUndefined();
  });

  it.each([
    { description: 'a POST', overrides: { method: 'POST' } },
    { description: 'HTTP/1.0', overrides: { httpVersionMinor: 0 } },
    { description: 'a body', overrides: { rawHeaders: ['Upgrade', 'websocket', 'Content-Length', '5'] } },
  ])('refuses $description with 400', ({ overrides }) => {
    expect(webSocketHandshakeProblem(head(overrides))).toMatchObject({ code: 'SLUICE_BAD_REQUEST', statusCode: 400 });
  });
});
