import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The rules that guard the layers: the local rule, and the one an older config used for core. */
const LAYER_RULES = new Set(['sluice/layers', 'no-restricted-imports']);

interface Case {
  readonly description: string;
  /** Where the snippet pretends to live, relative to the repository. */
  readonly file: string;
  /** The import specifier, as written in that file. */
  readonly from: string;
  /** How the snippet imports: a value, a type, a re-export or a dynamic import. */
  readonly form?: 'import' | 'type' | 're-export' | 'dynamic' | 'type-query';
}

function snippet({ from, form = 'import' }: Case): string {
  switch (form) {
    case 'import':
      return `import { thing } from '${from}';\nexport const used = thing;\n`;
    case 'type':
      return `import type { Thing } from '${from}';\nexport type Used = Thing;\n`;
    case 're-export':
      return `export { thing } from '${from}';\n`;
    case 'dynamic':
      return `export const load = () => import('${from}');\n`;
    case 'type-query':
      return `export type Used = import('${from}').Thing;\n`;
  }
}

const refused: Case[] = [
  // core is pure at every depth: src/core/, src/core/events/, and a folder below that.
  ...[
    ['src/core/x.ts', '..'],
    ['src/core/events/x.ts', '../..'],
    ['src/core/events/deep/x.ts', '../../..'],
  ].flatMap(([file, up]) => [
    { description: `${file} importing the gateway`, file: file!, from: `${up}/gateway/gateway.js` },
    { description: `${file} importing the queue by type`, file: file!, from: `${up}/queue/types.js`, form: 'type' as const },
    { description: `${file} re-exporting from the forwarder`, file: file!, from: `${up}/forwarder/index.js`, form: 're-export' as const },
    { description: `${file} importing undici`, file: file!, from: 'undici' },
    { description: `${file} importing better-sqlite3`, file: file!, from: 'better-sqlite3' },
    { description: `${file} importing node:fs`, file: file!, from: 'node:fs' },
    { description: `${file} importing fs/promises without the prefix`, file: file!, from: 'fs/promises' },
    { description: `${file} importing node:http dynamically`, file: file!, from: 'node:http', form: 'dynamic' as const },
  ]),
  {
    description: "src/core/events/x.ts naming a gateway type with import('…')",
    file: 'src/core/events/x.ts',
    from: '../../gateway/gateway.js',
    form: 'type-query',
  },
  { description: 'the SDK in the gateway', file: 'src/gateway/invoke/x.ts', from: '@aws-sdk/client-lambda' },
  { description: 'the SDK in the SQLite driver', file: 'src/queue/sqlite/x.ts', from: '@aws-sdk/client-sqs' },
  { description: 'the SDK in the forwarder', file: 'src/forwarder/x.ts', from: '@aws-sdk/client-sqs' },
  { description: 'better-sqlite3 in the SQS driver', file: 'src/queue/sqs/x.ts', from: 'better-sqlite3' },
  { description: 'better-sqlite3 in the gateway', file: 'src/gateway/x.ts', from: 'better-sqlite3' },
  { description: 'better-sqlite3 in a forwarder file that is not the listed exception', file: 'src/forwarder/x.ts', from: 'better-sqlite3' },
  { description: 'CDK in the gateway', file: 'src/gateway/x.ts', from: 'aws-cdk-lib/aws-sqs' },
  { description: 'constructs in the queue', file: 'src/queue/x.ts', from: 'constructs' },
  { description: 'Powertools in the gateway', file: 'src/gateway/x.ts', from: '@aws-lambda-powertools/logger' },
  { description: 'Powertools in the forwarder', file: 'src/forwarder/x.ts', from: '@aws-lambda-powertools/metrics' },
  { description: 'aws importing the queue (against the flow)', file: 'src/aws/x.ts', from: '../queue/index.js' },
  { description: 'the queue importing the gateway', file: 'src/queue/sqlite/x.ts', from: '../../gateway/gateway.js' },
  { description: 'the forwarder importing the gateway', file: 'src/forwarder/x.ts', from: '../gateway/index.js' },
  { description: 'the gateway importing the functions', file: 'src/gateway/auth/x.ts', from: '../../functions/proxy-handler.js' },
  { description: 'the CLI importing the demo', file: 'src/cli/x.ts', from: '../demo/main.js' },
  { description: 'a source file importing a test helper', file: 'src/gateway/x.ts', from: '../../test/helpers/upstream.js' },
  { description: 'a core unit test importing the gateway', file: 'src/core/events/x.test.ts', from: '../../gateway/gateway.js' },
  { description: 'a folder missing from the layers table', file: 'src/newcomer/x.ts', from: 'zod' },
];

const accepted: Case[] = [
  { description: 'core at depth 3 importing core', file: 'src/core/events/deep/x.ts', from: '../../errors.js' },
  { description: 'core importing zod', file: 'src/core/events/x.ts', from: 'zod' },
  { description: 'core importing node:buffer', file: 'src/core/events/deep/x.ts', from: 'node:buffer' },
  { description: 'a core unit test importing the test helpers', file: 'src/core/events/x.test.ts', from: '../../../test/helpers/lambda-request.js' },
  { description: 'the SDK in src/aws', file: 'src/aws/x.ts', from: '@aws-sdk/client-sqs' },
  { description: 'the SDK in the SQS driver', file: 'src/queue/sqs/x.ts', from: '@aws-sdk/client-sqs' },
  { description: 'better-sqlite3 in the SQLite driver', file: 'src/queue/sqlite/x.ts', from: 'better-sqlite3' },
  { description: "better-sqlite3 in the forwarder's delivery stats (the listed exception)", file: 'src/forwarder/delivery-stats.ts', from: 'better-sqlite3' },
  { description: 'CDK in infra', file: 'src/infra/x.ts', from: 'aws-cdk-lib/aws-sqs' },
  { description: 'constructs in the CLI', file: 'src/cli/x.ts', from: 'constructs' },
  { description: 'Powertools in the functions', file: 'src/functions/x.ts', from: '@aws-lambda-powertools/metrics' },
  { description: 'the functions importing the gateway', file: 'src/functions/x.ts', from: '../gateway/index.js' },
  { description: 'the gateway importing the queue', file: 'src/gateway/invoke/x.ts', from: '../../queue/index.js' },
  { description: 'the SQLite driver importing the queue base', file: 'src/queue/sqlite/x.ts', from: '../types.js' },
  { description: 'the gateway importing node:http', file: 'src/gateway/x.ts', from: 'node:http' },
];

describe('Lint: the layers table in eslint.config.js', () => {
  let eslint: ESLint;

  beforeAll(() => {
    // The real config, without type information: the layers need none, and the snippets exist
    // only in memory, where the TypeScript project service cannot find them.
    eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });
  });

  async function layerErrors(entry: Case): Promise<string[]> {
    const [result] = await eslint.lintText(snippet(entry), { filePath: join(ROOT, entry.file) });
    return (result?.messages ?? []).filter((m) => m.severity === 2 && m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.message);
  }

  it.each(refused)('refuses $description', async (entry) => {
    // Act
    const errors = await layerErrors(entry);

    // Assess
    expect(errors).toHaveLength(1);
  });

  it.each(accepted)('accepts $description', async (entry) => {
    // Act
    const errors = await layerErrors(entry);

    // Assess
    expect(errors).toEqual([]);
  });
});
