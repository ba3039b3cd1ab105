import type { SluiceConfig } from '../core/config-schema.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { faceRoutes, planIngestApis, type FaceRoutes } from '../infra/ingest/api-plan.js';
import { claimSourceOf } from '../infra/ingest/cognito-issuer.js';
import { planRestRoute } from '../infra/ingest/rest-route-plan.js';

/** ARNs are only planned here, never deployed: any account id gives the same verdicts. */
const PLANNING_ACCOUNT = '000000000000';

/**
 * Refuses a config whose ingest routes ask what neither native face can express (issue 13 §2:
 * a config error, not a silently different deployment), and says which face takes each route.
 * Routes for the REST API are planned as `sluice synth` will plan them (templates, grants), so
 * what the REST API refuses is reported here too. Loads no aws-cdk-lib: the planning is pure.
 *
 * @throws ConfigError naming each such route's key and the reason.
 * @example
 * ```ts
 * const faces = checkNativeApis(config, 'sluice.yaml', (path) => path);
 * faces.http.map((route) => route.name); // ['github-hooks']
 * ```
 */
export function checkNativeApis(config: SluiceConfig, source: string, locate: (path: string) => string): FaceRoutes {
  const plan = planIngestApis(config.routes);
  const issues: ConfigIssue[] = plan.refused.map(({ index, key, reason }) => ({
    path: locate(`routes[${index}]${key === undefined ? '' : `.${key}`}`),
    message: `no native API Gateway face can express this ingest route: ${reason}`,
  }));
  const { rest } = faceRoutes(plan, config.routes, config.ingest_api?.domain !== undefined);
  for (const { route, index } of rest) {
    const planned = planRestRoute(route, {
      partition: 'aws',
      region: config.aws?.region ?? 'us-east-1',
      account: PLANNING_ACCOUNT,
      claims: claimSourceOf(route.auth?.type === 'jwt' ? route.auth : undefined),
      path: `routes[${index}]`,
    });
    if (!planned.ok)
      issues.push(...planned.issues.map((issue) => ({ path: locate(issue.path), message: `the REST API cannot express this route: ${issue.message}` })));
  }
  if (issues.length > 0) throw new ConfigError(source, issues);
  return faceRoutes(plan, config.routes, config.ingest_api?.domain !== undefined);
}

/**
 * The native face of a route for the config check's summary: `HTTP API`, `REST API (why)`, or
 * nothing for routes that are not ingest routes.
 *
 * @example
 * ```ts
 * nativeFace(faces, 'alerts'); // ' [native: REST API, HTTP APIs have no sns integration]'
 * ```
 */
export function nativeFace(faces: FaceRoutes, routeName: string): string {
  if (faces.http.some((route) => route.name === routeName)) return ' [native: HTTP API]';
  const rest = faces.rest.find(({ route }) => route.name === routeName);
  return rest === undefined ? '' : ` [native: REST API, ${rest.reason}]`;
}
