/**
 * Ingest routes as a native API Gateway REST API (issue 13 §2): what HTTP APIs cannot express
 * (SNS, S3, DynamoDB, schema validation, reply bodies), served by AWS integrations with no
 * Lambda in between, their mapping templates generated from the same `params` the local face
 * evaluates.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import {
  AuthorizationType,
  AwsIntegration,
  CfnModel,
  EndpointType,
  MockIntegration,
  Model,
  PassthroughBehavior,
  RequestValidator,
  ResponseType,
  RestApi,
  type IResource,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { RouteConfig } from '../../core/config-schema.js';
import { isIngestTarget } from '../../core/config-schema.js';
import { ConfigError, type ConfigIssue } from '../../core/errors.js';
import { claimSourceOf, userPoolAuthorizerPool } from './cognito-issuer.js';
import { RestAuthorizers } from './rest-authorizers.js';
import { REST_PREFLIGHT_HEADERS, restIngestDefaults } from './rest-ingest-defaults.js';
import { integrationResponses, methodResponses } from './rest-integration-responses.js';
import { planRestRoute, type RestRoutePlan } from './rest-route-plan.js';
import { corsStaticHeaders, corsVtl } from './vtl/cors-vtl.js';
import { VTL_PRELUDE } from './vtl/vtl-text.js';

/** A JSON Schema document (draft 4: what API Gateway models take). */
export type JsonSchemaDocument = Readonly<Record<string, unknown>>;

/** Properties of {@link RestIngestApi}. */
export interface RestIngestApiProps {
  /** The ingest routes this API serves (parsed config), in the file's order. */
  readonly routes: readonly RouteConfig[];
  /** The region the ARNs the roles are granted name. @default the stack's region */
  readonly region?: string;
  /** The account the ARNs the roles are granted name. @default the stack's account */
  readonly account?: string;
  /** Per route name, the JSON Schema its body must match (400 with the errors otherwise). @default no validation */
  readonly schemas?: Readonly<Record<string, JsonSchemaDocument>>;
  /** dist-lambda/jwt-authorizer: needed by every JWT route a Cognito user pools authorizer cannot check in full (one with an audience). @default none */
  readonly authorizerCode?: Code;
  /** @default `<stack name>-ingest` */
  readonly restApiName?: string;
  /** @default 'prod' */
  readonly stageName?: string;
  /** How long API Gateway keeps an authorizer's answer for a token. @default 5 minutes */
  readonly authorizerCacheTtl?: Duration;
  /** Turn off the `execute-api` endpoint, when a custom domain is the only way in. @default false */
  readonly disableExecuteApiEndpoint?: boolean;
}

/**
 * A REST API with one AWS integration per ingest route: the request template generated from the
 * route's `params` (`vtl/`), integration responses shaped like the local face's replies and
 * errors, a role per route allowed the one action on the one resource, a request validator with
 * the route's JSON Schema as a model, a Cognito or Lambda (JWT) authorizer, and CORS preflights
 * answered by mock integrations.
 *
 * Props are validated first: every route a REST API cannot express is reported at once, as a
 * `ConfigError` naming the route and the reason.
 *
 * @example
 * ```ts
 * const api = new RestIngestApi(stack, 'RestIngest', { routes: config.routes.filter(isRestRoute), schemas: { orders: orderSchema } });
 * api.api.url; // https://….execute-api.eu-west-1.amazonaws.com/prod/
 * ```
 */
export class RestIngestApi extends Construct {
  public readonly api: RestApi;
  /** Each route's integration role, by route name. */
  public readonly roles: Readonly<Record<string, Role>>;
  public readonly authorizers: RestAuthorizers;

  constructor(scope: Construct, id: string, props: RestIngestApiProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const plans = planRoutes(props, { partition: stack.partition, region: props.region ?? stack.region, account: props.account ?? stack.account });

    this.api = new RestApi(this, 'Api', {
      restApiName: props.restApiName ?? `${stack.stackName}-ingest`,
      description: `Sluice ingest routes: ${plans.map((plan) => plan.route.name).join(', ')}`.slice(0, 1024),
      endpointTypes: [EndpointType.REGIONAL],
      deployOptions: { stageName: props.stageName ?? restIngestDefaults.stageName },
      // An account-wide CloudWatch role is an account setting, not this API's to change.
      cloudWatchRole: false,
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint === true,
    });
    addGatewayResponses(this.api);
    this.authorizers = new RestAuthorizers(this, 'Authorizers', {
      ...(props.authorizerCode !== undefined && { authorizerCode: props.authorizerCode }),
      cacheTtl: props.authorizerCacheTtl ?? Duration.seconds(restIngestDefaults.authorizerCacheSeconds),
    });
    const validator =
      Object.keys(props.schemas ?? {}).length === 0 ? undefined : new RequestValidator(this, 'BodyValidator', { restApi: this.api, validateRequestBody: true });

    const roles: Record<string, Role> = {};
    for (const plan of plans) {
      const role = new Role(this, `${plan.route.name}Role`, {
        assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
        description: `Sluice ingest route ${plan.route.name}: ${plan.service.grant.actions.join(', ')} only`,
      });
      role.addToPolicy(new PolicyStatement({ actions: [...plan.service.grant.actions], resources: [...plan.service.grant.resources] }));
      roles[plan.route.name] = role;
      const schema = props.schemas?.[plan.route.name];
      const model = schema === undefined ? undefined : this.#model(plan.route.name, schema);
      for (const resource of routeResources(this.api.root, plan.route)) this.#addMethods(resource, plan, role, { validator, model });
    }
    this.roles = roles;
  }

  #model(routeName: string, schema: JsonSchemaDocument): Model {
    const cfn = new CfnModel(this, `${routeName}Model`, {
      restApiId: this.api.restApiId,
      contentType: 'application/json',
      description: `The body of route ${routeName}`,
      schema,
    });
    return Model.fromModelName(this, `${routeName}ModelRef`, cfn.ref) as Model;
  }

  #addMethods(resource: IResource, plan: RestRoutePlan, role: Role, body: { validator: RequestValidator | undefined; model: Model | undefined }): void {
    const { route, service } = plan;
    const integration = new AwsIntegration({
      service: service.awsService,
      ...(service.action !== undefined ? { action: service.action } : { path: service.path! }),
      integrationHttpMethod: service.httpMethod,
      options: {
        credentialsRole: role,
        // Never the raw body: a content type without a template is 415, not a malformed call.
        passthroughBehavior: PassthroughBehavior.NEVER,
        requestParameters: { ...service.requestParameters },
        requestTemplates: Object.fromEntries(restIngestDefaults.contentTypes.map((type) => [type, plan.requestTemplate])),
        integrationResponses: integrationResponses(plan),
      },
    });
    const options: MethodOptions = {
      ...authOptions(route, this.authorizers),
      methodResponses: methodResponses(route.reply?.status ?? 200),
      ...(body.model !== undefined && { requestValidator: body.validator, requestModels: { 'application/json': body.model } }),
    };
    for (const method of route.match.methods ?? ['ANY']) resource.addMethod(method, integration, options);
    if (route.cors !== undefined && !(route.match.methods ?? []).includes('OPTIONS')) addPreflight(resource, route);
  }
}

/** Plans every route, or throws one `ConfigError` listing every problem. */
function planRoutes(props: RestIngestApiProps, arn: { partition: string; region: string; account: string }): RestRoutePlan[] {
  const issues: ConfigIssue[] = [];
  const plans: RestRoutePlan[] = [];
  const names = new Set(props.routes.map((route) => route.name));
  props.routes.forEach((route, index) => {
    const path = `routes[${index}]`;
    if (!isIngestTarget(route.target)) {
      issues.push({ path: `${path}.target.type`, message: `a REST ingest API serves ingest targets only, not ${route.target.type}` });
      return;
    }
    const auth = route.auth?.type === 'jwt' ? route.auth : undefined;
    if (auth !== undefined && userPoolAuthorizerPool(auth) === undefined && props.authorizerCode === undefined) {
      issues.push({
        path: `${path}.auth.issuer`,
        message: 'the REST API checks these tokens (audience included) with the Lambda authorizer bundle (authorizerCode)',
      });
    }
    const planned = planRestRoute(route, { ...arn, claims: claimSourceOf(auth), path });
    if (planned.ok) plans.push(planned.plan);
    else issues.push(...planned.issues);
  });
  for (const name of Object.keys(props.schemas ?? {})) {
    if (!names.has(name)) issues.push({ path: `schemas.${name}`, message: 'names no route of this API' });
  }
  if (plans.length === 0 && issues.length === 0) issues.push({ path: 'routes', message: 'expected at least one ingest route' });
  if (issues.length > 0) throw new ConfigError('the REST ingest API', issues);
  return plans;
}

/** The resources a route's match covers: its exact path, or its prefix and everything below. */
function routeResources(root: IResource, route: RouteConfig): IResource[] {
  const { path, path_prefix: prefix } = route.match;
  const at = (text: string): IResource =>
    text
      .split('/')
      .filter(Boolean)
      .reduce<IResource>((parent, part) => parent.getResource(part) ?? parent.addResource(part), root);
  if (path !== undefined) return [at(path)];
  const base = at(prefix ?? '/');
  return [base, base.getResource('{proxy+}') ?? base.addResource('{proxy+}')];
}

function authOptions(route: RouteConfig, authorizers: RestAuthorizers): MethodOptions {
  if (route.auth?.type !== 'jwt') return {};
  const auth = route.auth;
  const authorizer = authorizers.for(auth);
  if (userPoolAuthorizerPool(auth) === undefined) return { authorizer, authorizationType: AuthorizationType.CUSTOM };
  return { authorizer, authorizationType: AuthorizationType.COGNITO, ...(auth.scopes.length > 0 && { authorizationScopes: [...auth.scopes] }) };
}

/** `OPTIONS` answered by API Gateway itself (204), before auth, never reaching the service. */
function addPreflight(resource: IResource, route: RouteConfig): void {
  const cors = route.cors!;
  if (resource.node.tryFindChild('OPTIONS') !== undefined) return;
  const responseParameters = Object.fromEntries(
    Object.entries(corsStaticHeaders(cors)).map(([name, value]) => [`method.response.header.${name}`, `'${value}'`]),
  );
  resource.addMethod(
    'OPTIONS',
    new MockIntegration({
      passthroughBehavior: PassthroughBehavior.NEVER,
      requestTemplates: { 'application/json': '{"statusCode": 204}' },
      integrationResponses: [
        {
          statusCode: '204',
          responseParameters,
          responseTemplates: { 'application/json': `${VTL_PRELUDE}\n${corsVtl(cors, route.match.methods, 'preflight')}` },
        },
      ],
    }),
    {
      authorizationType: AuthorizationType.NONE,
      methodResponses: [
        { statusCode: '204', responseParameters: Object.fromEntries(REST_PREFLIGHT_HEADERS.map((header) => [`method.response.header.${header}`, false])) },
      ],
    },
  );
}

/** API Gateway's own answers in the local face's error shape and statuses. */
function addGatewayResponses(api: RestApi): void {
  const json = (code: string, message: string): Record<string, string> => ({ 'application/json': `{"error":{"code":"${code}","message":${message}}}` });
  api.addGatewayResponse('BadRequestBody', {
    type: ResponseType.BAD_REQUEST_BODY,
    statusCode: '400',
    templates: json(
      'SLUICE_BAD_REQUEST',
      '"the body does not match the route\'s schema: $util.escapeJavaScript($context.error.validationErrorString).replaceAll("\\\\\'", "\'")"',
    ),
  });
  api.addGatewayResponse('Unauthorized', {
    type: ResponseType.UNAUTHORIZED,
    statusCode: '401',
    responseHeaders: { 'WWW-Authenticate': "'Bearer'" },
    templates: json('SLUICE_UNAUTHORIZED', '"a valid bearer token is required"'),
  });
  api.addGatewayResponse('AccessDenied', {
    type: ResponseType.ACCESS_DENIED,
    statusCode: '403',
    responseHeaders: { 'WWW-Authenticate': '\'Bearer error="insufficient_scope"\'' },
    templates: json('SLUICE_FORBIDDEN', '"the token does not grant this route"'),
  });
  api.addGatewayResponse('IntegrationTimeout', {
    type: ResponseType.INTEGRATION_TIMEOUT,
    statusCode: '504',
    templates: json('SLUICE_INGEST_TIMEOUT', '"the service did not answer in time"'),
  });
}
