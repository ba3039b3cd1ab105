/** Set by the bundler (`npm run build:lambda`) from package.json. */
declare const __SLUICE_VERSION__: string | undefined;

/**
 * The package version inside a bundle, `dev` when the sources run as they are; sent as
 * `User-Agent: sluice-lambda/VERSION` by the forwarder function.
 */
export const LAMBDA_VERSION: string = typeof __SLUICE_VERSION__ === 'string' ? __SLUICE_VERSION__ : 'dev';
