/**
 * The HTTP API face of the ingest routes (issue 13 §2): one `AWS_PROXY` integration per route
 * with the first-class subtype of its service (`SQS-SendMessage`, `EventBridge-PutEvents`,
 * `Kinesis-PutRecord`), its `RequestParameters` rendered from the same compiled `params` the
 * local gateway evaluates, a least-privilege role each, `reply.status` as a response
 * parameter, JWT authorizers with the routes' scopes, the routes' CORS, and the `$default`
 * stage deployed automatically.
 */
import { CfnOutput } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import type { CorsConfig, JwtAuthConfig } from '../../core/config-schema.js';
import { ConfigError } from '../../core/errors.js';
import { compileServiceParams, renderRequestParameters } from '../../core/ingest/index.js';
import type { IngestRouteConfig } from './api-choice.js';
import { httpCorsConfiguration } from './http-cors.js';
import { HTTP_INTEGRATION_SUBTYPES, isHttpApiService } from './http-integration-subtypes.js';
import { httpRouteKeys } from './http-route-keys.js';
import type { IngestDomain } from './ingest-domain.js';
import { IntegrationRole } from './integration-role.js';
import { serviceResource } from './service-resource.js';

/** Properties of {@link HttpIngestApi}. */
export interface HttpIngestApiProps {
  /** The routes an HTTP API expresses (`planIngestApis(…).http`). */
  readonly routes: readonly IngestRouteConfig[];
  /** The routes' one CORS configuration (`planIngestApis(…).httpCors`). @default no CORS */
  readonly cors?: CorsConfig;
  /** Map the API onto this domain and disable the default `execute-api` endpoint. @default the execute-api endpoint */
  readonly domain?: IngestDomain;
  /** The API's name. @default the construct's path */
  readonly name?: string;
}

/** One route's resources. */
export interface HttpIngestRoute {
  readonly integration: apigwv2.CfnIntegration;
  readonly role: IntegrationRole;
  readonly routes: readonly apigwv2.CfnRoute[];
}

/**
 * An HTTP API that puts requests straight into SQS, EventBridge and Kinesis.
 *
 * @throws ConfigError when a route is not one an HTTP API can express (check with `chooseIngestApi`).
 * @example
 * ```ts
 * const plan = planIngestApis(config.routes);
 * new HttpIngestApi(stack, 'Http', { routes: plan.http, ...(plan.httpCors && { cors: plan.httpCors }) });
 * ```
 */
export class HttpIngestApi extends Construct {
  public readonly api: apigwv2.CfnApi;
  public readonly stage: apigwv2.CfnStage;
  /** One JWT authorizer per distinct issuer and audience. */
  public readonly authorizers: ReadonlyMap<string, apigwv2.CfnAuthorizer>;
  /** Each route's integration, role and route keys, by route name. */
  public readonly routes: ReadonlyMap<string, HttpIngestRoute>;
  /** The URL clients call: the custom domain's, or the execute-api endpoint. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: HttpIngestApiProps) {
    super(scope, id);
    const cors =
      props.cors === undefined
        ? undefined
        : httpCorsConfiguration(
            props.cors,
            props.routes.map((route) => route.match),
          );
    this.api = new apigwv2.CfnApi(this, 'Api', {
      name: props.name ?? this.node.path.replace(/\//g, '-'),
      protocolType: 'HTTP',
      ...(cors !== undefined && { corsConfiguration: cors }),
      // With a custom domain, clients reach the API by that name only (issue 13 §2).
      disableExecuteApiEndpoint: props.domain !== undefined,
    });
    this.stage = new apigwv2.CfnStage(this, 'DefaultStage', { apiId: this.api.ref, stageName: '$default', autoDeploy: true });

    const authorizers = new Map<string, apigwv2.CfnAuthorizer>();
    const routes = new Map<string, HttpIngestRoute>();
    const taken = new Set<string>();
    for (const route of props.routes) {
      const auth = route.auth?.type === 'jwt' ? route.auth : undefined;
      const authorizer = auth === undefined ? undefined : this.#authorizer(authorizers, auth);
      routes.set(route.name, this.#route(route, authorizer, auth, taken));
    }
    this.authorizers = authorizers;
    this.routes = routes;

    if (props.domain !== undefined) {
      props.domain.mapApi('HttpApi', this.api.ref, this.stage.ref);
      this.url = `https://${props.domain.domainName.domainName}`;
    } else {
      this.url = this.api.attrApiEndpoint;
    }
    new CfnOutput(this, 'Url', { value: this.url, description: 'Where clients send ingest requests' });
  }

  #route(route: IngestRouteConfig, authorizer: apigwv2.CfnAuthorizer | undefined, auth: JwtAuthConfig | undefined, taken: Set<string>): HttpIngestRoute {
    const service = route.target.type;
    const compiled = compileServiceParams({
      service,
      routeName: route.name,
      target: route.target,
      ...(route.target.params !== undefined && { params: route.target.params }),
      path: 'target',
    });
    const resource = compiled.params === undefined ? undefined : serviceResource(compiled.params);
    if (!isHttpApiService(service) || compiled.params === undefined || resource === undefined || !resource.ok) {
      throw new ConfigError(`ingest route ${route.name}`, [{ path: 'target', message: 'not a route an HTTP API can express (see chooseIngestApi)' }]);
    }
    const subtype = HTTP_INTEGRATION_SUBTYPES[service];
    const id = `Route-${route.name}`;
    const role = new IntegrationRole(this, `${id}-Role`, { action: subtype.action, resource: resource.resource, routeName: route.name });
    const status = route.reply?.status ?? 200;
    const integration = new apigwv2.CfnIntegration(this, `${id}-Integration`, {
      apiId: this.api.ref,
      description: `${route.name}: ${subtype.subtype}`,
      integrationType: 'AWS_PROXY',
      integrationSubtype: subtype.subtype,
      payloadFormatVersion: '1.0',
      credentialsArn: role.role.roleArn,
      requestParameters: renderRequestParameters(compiled.params.params),
      // The service answers 200; `reply.status` replaces it, as the gateway does locally.
      ...(status !== 200 && { responseParameters: { '200': { 'overwrite:statuscode': String(status) } } }),
      ...(route.limits.timeout !== undefined && { timeoutInMillis: route.limits.timeout }),
    });
    const keys = httpRouteKeys(route.match).filter((key) => !taken.has(key));
    const cfnRoutes = keys.map((routeKey, index) => {
      taken.add(routeKey);
      return new apigwv2.CfnRoute(this, `${id}-Key${index}`, {
        apiId: this.api.ref,
        routeKey,
        target: `integrations/${integration.ref}`,
        ...(authorizer !== undefined && {
          authorizationType: 'JWT',
          authorizerId: authorizer.ref,
          ...(auth!.scopes.length > 0 && { authorizationScopes: [...auth!.scopes] }),
        }),
      });
    });
    return { integration, role, routes: cfnRoutes };
  }

  #authorizer(authorizers: Map<string, apigwv2.CfnAuthorizer>, auth: JwtAuthConfig): apigwv2.CfnAuthorizer {
    // An HTTP API's JWT authorizer checks `aud`, or `client_id` when a token has none, as the
    // gateway does: unlike a REST API's Cognito authorizer, it can take every issuer.
    const audience = [...new Set(auth.audience)].sort();
    const key = JSON.stringify([auth.issuer, audience]);
    let authorizer = authorizers.get(key);
    if (authorizer === undefined) {
      authorizer = new apigwv2.CfnAuthorizer(this, `Jwt${authorizers.size}`, {
        apiId: this.api.ref,
        name: `jwt-${authorizers.size}`,
        authorizerType: 'JWT',
        identitySource: ['$request.header.Authorization'],
        jwtConfiguration: { issuer: auth.issuer, audience },
      });
      authorizers.set(key, authorizer);
    }
    return authorizer;
  }
}
