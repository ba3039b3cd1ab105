import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Code } from 'aws-cdk-lib/aws-lambda';

/** The functions `npm run build:lambda` bundles, one folder each under dist-lambda/. */
export const LAMBDA_BUNDLES = ['proxy', 'forwarder', 'jwt-authorizer'] as const;
export type LambdaBundleName = (typeof LAMBDA_BUNDLES)[number];

/**
 * The dist-lambda folder of this package (src/infra and dist/infra are both two levels deep).
 *
 * @example
 * ```ts
 * defaultLambdaDir(); // '/path/to/sluice/dist-lambda'
 * ```
 */
export function defaultLambdaDir(): string {
  return fileURLToPath(new URL('../../dist-lambda', import.meta.url));
}

/**
 * The bundles missing from `dir` (each needs `<name>/index.mjs`).
 *
 * @example
 * ```ts
 * if (missingLambdaBundles(dir).length > 0) await buildLambdaBundles();
 * ```
 */
export function missingLambdaBundles(dir: string): LambdaBundleName[] {
  return LAMBDA_BUNDLES.filter((name) => !existsSync(`${dir}/${name}/index.mjs`));
}

/**
 * The functions' code as CDK assets from a dist-lambda folder; CDK hashes and copies each
 * folder into the cloud assembly at synth.
 *
 * @example
 * ```ts
 * new ForwarderStack(app, 'sluice-forwarder', { destinationUrl, code: lambdaBundleCode('dist-lambda') });
 * ```
 */
export function lambdaBundleCode(dir: string = defaultLambdaDir()): { proxy: Code; forwarder: Code; jwtAuthorizer: Code } {
  return { proxy: Code.fromAsset(`${dir}/proxy`), forwarder: Code.fromAsset(`${dir}/forwarder`), jwtAuthorizer: Code.fromAsset(`${dir}/jwt-authorizer`) };
}
