/**
 * The ingest stack `sluice synth` adds when the config has ingest routes (issue 13 §2): the
 * routes are split between the native faces (`planIngestApis`), an HTTP API and a REST API are
 * built for them, and the custom domain, when `ingest_api.domain` asks for one, serves them.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { RouteConfig, SluiceConfig } from '../../core/config-schema.js';
import { ConfigError } from '../../core/errors.js';
import type { IngestDomainConfig } from '../../core/ingest-api-schema.js';
import { faceRoutes, planIngestApis, type RouteReason } from './api-plan.js';
import { HttpIngestApi } from './http-ingest-api.js';
import { IngestDomain } from './ingest-domain.js';
import { RestIngestApi, type JsonSchemaDocument } from './rest-ingest-api.js';

/** Properties of {@link IngestStack}. */
export interface IngestStackProps extends StackProps {
  /** The config's routes; those that are not ingest routes are skipped. */
  readonly routes: readonly RouteConfig[];
  /** `ingest_api.domain`. @default none: the APIs' execute-api endpoints */
  readonly domain?: IngestDomainConfig;
  /** Prefix of the APIs' names. @default the stack's name */
  readonly project?: string;
  /** dist-lambda/jwt-authorizer, for REST routes with JWT auth (a user pools authorizer would not check their audience). @default none (such routes are refused) */
  readonly authorizerCode?: Code;
}

/**
 * The ingest stack's properties from a loaded config.
 *
 * @example
 * ```ts
 * new IngestStack(app, 'shop-ingest', ingestStackProps(config, lambdaBundleCode().jwtAuthorizer));
 * ```
 */
export function ingestStackProps(config: SluiceConfig, authorizerCode?: Code): IngestStackProps {
  return {
    routes: config.routes,
    ...(config.ingest_api?.domain !== undefined && { domain: config.ingest_api.domain }),
    ...(authorizerCode !== undefined && { authorizerCode }),
  };
}

/**
 * The native API Gateway APIs of a config's ingest routes.
 *
 * @throws ConfigError naming each route neither face can express (`sluice config check` reports them first).
 * @example
 * ```ts
 * const stack = new IngestStack(app, 'shop-ingest', { routes: config.routes, ...(config.ingest_api?.domain && { domain: config.ingest_api.domain }) });
 * stack.restRoutes; // the routes the REST API takes
 * ```
 */
export class IngestStack extends Stack {
  /** The HTTP API, when any route goes there. */
  public readonly httpApi?: HttpIngestApi;
  /** The REST API, when any route goes there. */
  public readonly restApi?: RestIngestApi;
  /** The custom domain, when `domain` is set. */
  public readonly domain?: IngestDomain;
  /** The routes only a REST API expresses, with why (`sluice config check` shows the reasons). */
  public readonly restRoutes: readonly RouteReason[];

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    super(scope, id, props);
    const plan = planIngestApis(props.routes);
    if (plan.refused.length > 0) {
      throw new ConfigError(
        'ingest routes',
        plan.refused.map(({ index, key, reason }) => ({ path: `routes[${index}]${key === undefined ? '' : `.${key}`}`, message: reason })),
      );
    }
    if (props.domain !== undefined) this.domain = new IngestDomain(this, 'Domain', props.domain);
    const { http: httpRoutes, rest: restRoutes } = faceRoutes(plan, props.routes, this.domain !== undefined);
    if (httpRoutes.length > 0) {
      this.httpApi = new HttpIngestApi(this, 'Http', {
        routes: httpRoutes,
        name: `${props.project ?? id}-http`,
        ...(plan.httpCors !== undefined && { cors: plan.httpCors }),
        ...(this.domain !== undefined && { domain: this.domain }),
      });
    }
    this.restRoutes = restRoutes;
    if (restRoutes.length > 0) {
      const restApi = new RestIngestApi(this, 'Rest', {
        routes: restRoutes.map(({ route }) => route),
        restApiName: `${props.project ?? id}-rest`,
        schemas: routeSchemas(restRoutes),
        ...(props.authorizerCode !== undefined && { authorizerCode: props.authorizerCode }),
        ...(this.domain !== undefined && { disableExecuteApiEndpoint: true }),
      });
      this.restApi = restApi;
      this.domain?.mapApi('RestApi', restApi.api.restApiId, restApi.api.deploymentStage.stageName);
    }
  }
}

/** Each route's JSON Schema document (`schema:` in the config), by route name. */
function routeSchemas(routes: readonly RouteReason[]): Record<string, JsonSchemaDocument> {
  const schemas: Record<string, JsonSchemaDocument> = {};
  for (const { route } of routes) if (route.schema !== undefined) schemas[route.name] = route.schema.document;
  return schemas;
}
