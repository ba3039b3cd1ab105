import { describe, expect, it } from 'vitest';
import { webSocketHandshakeProblem } from './websocket-handshake.js';

const head = (overrides: Partial<Parameters<typeof webSocketHandshakeProblem>[0]> = {}) => ({
  method: 'GET',
  httpVersionMajor: 1,
  httpVersionMinor: 1,
  rawHeaders: ['Host', 'x', 'Connection', 'Upgrade', 'Upgrade', 'websocket'],
  ...overrides,
});

describe('Function: webSocketHandshakeProblem', () => {
  it.each([
    { description: 'Upgrade: websocket', rawHeaders: ['Upgrade', 'websocket'] },
    { description: 'any case and spacing', rawHeaders: ['upgrade', ' WebSocket '] },
    { description: 'Content-Length: 0', rawHeaders: ['Upgrade', 'websocket', 'Content-Length', '0'] },
  ])('accepts $description', ({ rawHeaders }) => {
    expect(webSocketHandshakeProblem(head({ rawHeaders }))).toBeUndefined();
  });

  it.each([
    { description: 'h2c', overrides: { rawHeaders: ['Upgrade', 'h2c'] }, code: 'SLUICE_UPGRADE_NOT_SUPPORTED', status: 501 },
    { description: 'websocket offered with another protocol', overrides: { rawHeaders: ['Upgrade', 'h2c, websocket'] }, code: 'SLUICE_UPGRADE_NOT_SUPPORTED', status: 501 },
    { description: 'a POST', overrides: { method: 'POST' }, code: 'SLUICE_BAD_REQUEST', status: 400 },
    { description: 'HTTP/1.0', overrides: { httpVersionMinor: 0 }, code: 'SLUICE_BAD_REQUEST', status: 400 },
    { description: 'a body', overrides: { rawHeaders: ['Upgrade', 'websocket', 'Content-Length', '5'] }, code: 'SLUICE_BAD_REQUEST', status: 400 },
    { description: 'a chunked body', overrides: { rawHeaders: ['Upgrade', 'websocket', 'Transfer-Encoding', 'chunked'] }, code: 'SLUICE_BAD_REQUEST', status: 400 },
  ])('refuses $description', ({ overrides, code, status }) => {
    expect(webSocketHandshakeProblem(head(overrides))).toMatchObject({ code, statusCode: status });
  });
});
