import { describe, expect, it } from 'vitest';
import { CorsPolicy } from './cors.js';

const config = {
  allow_origins: ['https://app.example.com'],
  allow_headers: [],
  expose_headers: [],
  allow_credentials: false,
};

describe('#13 - Class: CorsPolicy', () => {
  it('answers "*" to any origin, without Vary, when every origin is allowed', () => {
    // Prepare
    const cors = new CorsPolicy({ ...config, allow_origins: ['*'] });

    // Act
    const headers = cors.responseHeaders(['Content-Type', 'text/plain'], 'https://anyone.example');

    // Assess
    expect(headers).toEqual(['Content-Type', 'text/plain', 'Access-Control-Allow-Origin', '*']);
  });

  it("drops the target's Access-Control-* headers in any case, and keeps the others", () => {
    // Prepare
    const cors = new CorsPolicy(config);

    // Act
    const headers = cors.responseHeaders(['ACCESS-CONTROL-ALLOW-ORIGIN', '*', 'access-control-allow-credentials', 'true', 'X-A', '1'], undefined);

    // Assess
    expect(headers).toEqual(['X-A', '1', 'Vary', 'Origin']);
  });

  it("defaults allow_methods to the route's methods, else the usual ones", () => {
    // Act
    const routeMethods = new CorsPolicy(config, ['POST', 'PUT']).preflightHeaders('https://app.example.com');
    const defaults = new CorsPolicy(config).preflightHeaders('https://app.example.com');

    // Assess
    expect(routeMethods).toEqual(expect.arrayContaining(['Access-Control-Allow-Methods', 'POST, PUT']));
    expect(defaults).toEqual(expect.arrayContaining(['Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE']));
  });

  it('matches origins exactly: no suffix, scheme or port leniency', () => {
    // Prepare
    const cors = new CorsPolicy(config);

    // Act
    const answers = ['https://app.example.com', 'https://app.example.com.evil', 'http://app.example.com', 'https://app.example.com:8443', 'null'].map(
      (origin) => cors.allowedOrigin(origin),
    );

    // Assess
    expect(answers).toEqual(['https://app.example.com', undefined, undefined, undefined, undefined]);
  });
});
