import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../../src/cli/config-check.js';
import { captureIo } from '../../helpers/capture-io.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What the examples' `${NAME}` references need, as a user would set them. */
const EXAMPLE_ENV = {
  SLUICE_SIGNING_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  SLUICE_PREVIOUS_SIGNING_SECRET: 'whsec_b2xkIHNlY3JldCBvbGQgc2VjcmV0',
  API_URL: 'https://api.example.com',
  HOOKS_URL: 'https://hooks.example.com/ingest',
  OPS_PASSWORD_HASH: '$2y$10$XfA2P0vK4u1Ww7j6pQ8B3uM8Yf1vZ0r3Jk0mGQh3Z1oXW6v5bQk5e',
};

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return (
    entries
      // examples/github-actions/ holds CI workflows, not Sluice configurations.
      .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name) && !entry.parentPath.includes('github-actions'))
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
      .sort()
  );
}

const files = await yamlFiles(join(ROOT, 'examples'));

describe('examples/', () => {
  it('has one configuration per use case the README shows', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'examples/demo/sluice.yaml',
        'examples/tap-api/sluice.yaml',
        'examples/invoke-handlers/sluice.yaml',
        'examples/invoke-aws/sluice.yaml',
        'examples/sqs-scale-out/sluice.yaml',
        'examples/lambda-reverse-proxy/lrp.yaml',
        'examples/jwt-cors/sluice.yaml',
        'examples/ingest/sqs.yaml',
        'examples/ingest/sns.yaml',
        'examples/ingest/s3.yaml',
        'examples/ingest/kinesis.yaml',
        'examples/ingest/dynamodb.yaml',
        'examples/ingest/eventbridge.yaml',
      ]),
    );
  });

  it.each(files)('%s passes sluice config check with no warnings but what its native API faces do differently', async (file) => {
    // Prepare
    const out = captureIo();

    // Act
    const code = await checkConfig(file, out.io, EXAMPLE_ENV);

    // Assess
    expect(code).toBe(0);
    const warnings = out
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('warning:'));
    expect(warnings.filter((line) => !/ on the native (HTTP|REST) API/.test(line))).toEqual([]);
  });
});
