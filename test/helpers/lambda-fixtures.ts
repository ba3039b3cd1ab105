import { fileURLToPath } from 'node:url';

/** Absolute path of a handler under test/fixtures/handlers/. */
export function handlerFixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/handlers/${name}`, import.meta.url));
}

/**
 * A config with one catch-all route to a `lambda` target; `target` is merged into the target,
 * `route` into the route.
 *
 * @example
 * ```ts
 * const gw = await startGateway(lambdaConfig({ handler: `${handlerFixture('echo.mjs')}#handler` }));
 * ```
 */
export function lambdaConfig(
  target: Record<string, unknown>,
  route: Record<string, unknown> = {},
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    routes: [{ name: 'fn', match: { path_prefix: '/' }, target: { type: 'lambda', ...target }, ...route }],
    ...overrides,
  };
}
