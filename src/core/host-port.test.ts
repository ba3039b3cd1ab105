import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseHostPort } from './host-port.js';

describe('Function: parseHostPort', () => {
  it.each([
    { text: '127.0.0.1:9901', expected: { host: '127.0.0.1', port: 9901 } },
    { text: 'localhost:0', expected: { host: 'localhost', port: 0 } },
    { text: '[::1]:9901', expected: { host: '::1', port: 9901 } },
    { text: '0.0.0.0:80', expected: { host: '0.0.0.0', port: 80 } },
  ])('parses $text', ({ text, expected }) => {
    // Act
    const parsed = parseHostPort(text);

    // Assess
    expect(parsed).toEqual(expected);
  });

  it.each(['9901', '127.0.0.1', '::1:9901', '127.0.0.1:70000', 'host:port', ':9901', ''])('refuses %j', (text) => {
    // Act
    const parsed = parseHostPort(text);

    // Assess
    expect(parsed).toBeUndefined();
  });
});

describe('Function: isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    // Act
    const loopback = isLoopbackHost(host);

    // Assess
    expect(loopback).toBe(true);
  });

  it.each(['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1', 'localhost.example.com'])('%s is not loopback', (host) => {
    // Act
    const loopback = isLoopbackHost(host);

    // Assess
    expect(loopback).toBe(false);
  });
});
