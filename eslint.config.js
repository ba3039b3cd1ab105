import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layersPlugin from './eslint/layers-rule.js';

/** Every `node:` built-in: the layers outside core do I/O by design. */
const NODE = 'node:*';

/**
 * The layers, as allow-lists: for each folder of `src/`, the `src/` folders it may import (each
 * with its subfolders) and the packages it may import. A subfolder without an entry of its own is
 * judged as its parent (`core/events` as `core`). Imports run one way, as ARCHITECTURE.md draws:
 *
 *   core → aws → queue → history → gateway, forwarder → functions → attach → cli, demo
 *
 * A folder missing from this table is an error, so a new folder starts by saying what it is.
 */
const LAYERS = {
  // Pure: no I/O, nothing else from src/, and only packages that compute (ajv: JSON Schema, compiled at load).
  core: {
    imports: ['core'],
    packages: ['zod', 'yaml', 'picomatch', 'fastest-levenshtein', 'ajv', 'ajv-formats', 'node:buffer', 'node:zlib', 'node:querystring'],
  },
  telemetry: { imports: ['core', 'telemetry'], packages: ['pino', 'pino-pretty', NODE] },
  // @smithy/node-http-handler: the SDK's HTTP/1.1 handler, for Kinesis (whose default is HTTP/2).
  aws: { imports: ['core', 'telemetry', 'aws'], packages: ['@aws-sdk/*', '@smithy/node-http-handler', NODE] },
  queue: { imports: ['core', 'telemetry', 'aws', 'queue'], packages: [NODE] },
  'queue/sqlite': { imports: ['core', 'telemetry', 'aws', 'queue'], packages: ['better-sqlite3', 'uuid', NODE] },
  'queue/sqs': { imports: ['core', 'telemetry', 'aws', 'queue'], packages: ['@aws-sdk/*', 'uuid', NODE] },
  // The delivery history: its own SQLite file beside the embedded queue's (private-files from queue/sqlite).
  history: { imports: ['core', 'telemetry', 'queue', 'history'], packages: ['better-sqlite3', NODE] },
  // Replay: recorded requests sent again with undici, read from the history.
  replay: { imports: ['core', 'telemetry', 'history', 'replay'], packages: ['undici', NODE] },
  gateway: { imports: ['core', 'telemetry', 'aws', 'queue', 'gateway'], packages: ['undici', 'prom-client', 'piscina', 'bcryptjs', 'jose', NODE] },
  forwarder: { imports: ['core', 'telemetry', 'queue', 'history', 'forwarder'], packages: ['undici', 'pino', 'prom-client', NODE] },
  // The dashboard's JSON API, event stream, stats series and static files, on the admin listener.
  admin: { imports: ['core', 'telemetry', 'queue', 'history', 'replay', 'gateway', 'forwarder', 'admin'], packages: ['zod', 'prom-client', NODE] },
  // The deployed functions: Powertools lives here only; SDK clients come from src/aws, but a
  // function may configure one it hands to Powertools (ARCHITECTURE.md, layers table).
  functions: {
    imports: ['core', 'telemetry', 'aws', 'queue', 'history', 'gateway', 'forwarder', 'functions'],
    packages: ['@aws-lambda-powertools/*', 'aws-lambda', '@aws-sdk/*', 'zod', NODE],
  },
  // CloudFormation stacks: CDK lives here and in the CLI that synthesises them.
  infra: { imports: ['core', 'infra'], packages: ['aws-cdk-lib', 'constructs', NODE] },
  // Attach and detach an API Gateway REST API: its control plane and the function's policy.
  attach: { imports: ['core', 'telemetry', 'aws', 'functions', 'attach'], packages: ['@aws-sdk/client-api-gateway', '@aws-sdk/client-lambda', NODE] },
  cli: {
    imports: ['core', 'telemetry', 'aws', 'queue', 'history', 'replay', 'gateway', 'forwarder', 'admin', 'functions', 'infra', 'attach', 'cli'],
    packages: ['commander', 'prom-client', 'aws-cdk-lib', 'constructs', '@aws-cdk/toolkit-lib', '@inquirer/prompts', 'zod', NODE],
  },
  demo: {
    imports: ['core', 'telemetry', 'aws', 'queue', 'history', 'replay', 'gateway', 'forwarder', 'admin', 'functions', 'infra', 'cli', 'demo'],
    packages: ['standardwebhooks', NODE],
  },
};

/** Single files allowed a package their layer is not, each with the reason. */
const LAYER_EXCEPTIONS = [
  {
    file: 'src/forwarder/delivery-stats.ts',
    packages: ['better-sqlite3'],
    reason: "Delivery counts live in a table of the embedded queue's SQLite file, so `sluice status` sums every forwarder without reaching a server.",
  },
];

/** Unit tests next to the code may also use the test tools, the shared helpers and reference implementations. */
const LAYER_TESTS = {
  suffix: '.test.ts',
  paths: ['test/helpers'],
  // Powertools' parser and standardwebhooks are the references the events and signatures are checked against; jose mints test tokens.
  packages: ['vitest', 'aws-sdk-client-mock', '@aws-lambda-powertools/parser', 'standardwebhooks', 'bcryptjs', 'jose', 'uuid', 'pino', 'prom-client', NODE],
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'dist-lambda/**', 'node_modules/**', 'coverage/**', '.sluice/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Use named re-exports.' }],
    },
  },
  {
    // Rules that need the types: promises nobody waits for, and switches that miss a case.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
      },
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.js', 'src/**/*.mjs'],
    plugins: { sluice: layersPlugin },
    rules: { 'sluice/layers': ['error', { root: import.meta.dirname, layers: LAYERS, exceptions: LAYER_EXCEPTIONS, tests: LAYER_TESTS }] },
  },
);
