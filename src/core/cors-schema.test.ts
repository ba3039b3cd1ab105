import { describe, expect, it } from 'vitest';
import { validateConfig } from './config-parse.js';
import { ConfigError, type ConfigIssue } from './errors.js';

function withCors(cors: Record<string, unknown>) {
  return {
    routes: [
      {
        name: 'app',
        target: { type: 'http', url: 'http://127.0.0.1:3000' },
        cors,
      },
    ],
  };
}

function issuesOf(raw: unknown): ConfigIssue[] {
  try {
    validateConfig(raw, { file: 'sluice.yaml' });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.issues];
  }
}

describe('#13 - Config: routes[].cors', () => {
  it('reads max_age as a duration and upper-cases methods', () => {
    // Act
    const config = validateConfig(
      withCors({
        allow_origins: ['https://app.example.com'],
        allow_methods: ['post'],
        max_age: '10m',
      }),
      { file: 'sluice.yaml' },
    );

    // Assess
    expect(config.routes[0]!.cors).toEqual({
      allow_origins: ['https://app.example.com'],
      allow_methods: ['POST'],
      allow_headers: [],
      expose_headers: [],
      max_age: 600_000,
      allow_credentials: false,
    });
  });

  it('accepts "*" without credentials', () => {
    // Act
    const issues = issuesOf(withCors({ allow_origins: ['*'], allow_headers: ['*'] }));

    // Assess
    expect(issues).toEqual([]);
  });

  it.each([
    {
      description: '"*" origins with credentials',
      cors: { allow_origins: ['*'], allow_credentials: true },
      path: 'routes[0].cors.allow_origins[0]',
    },
    {
      description: '"*" headers with credentials',
      cors: {
        allow_origins: ['https://a.example'],
        allow_headers: ['*'],
        allow_credentials: true,
      },
      path: 'routes[0].cors.allow_headers[0]',
    },
    {
      description: 'an origin with a path',
      cors: { allow_origins: ['https://a.example/app'] },
      path: 'routes[0].cors.allow_origins[0]',
    },
    {
      description: 'no origin',
      cors: { allow_origins: [] },
      path: 'routes[0].cors.allow_origins',
    },
  ])('refuses $description', ({ cors, path }) => {
    // Act
    const issues = issuesOf(withCors(cors));

    // Assess
    expect(issues).toEqual([expect.objectContaining({ path })]);
  });
});
