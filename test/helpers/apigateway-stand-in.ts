import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** An integration as `GetIntegration` answers it (API Gateway's own JSON field names). */
export type StandInIntegration = Record<string, unknown> & { type: string; integrationResponses?: Record<string, Record<string, unknown>> };

interface StandInMethod {
  httpMethod: string;
  authorizationType: string;
  apiKeyRequired: boolean;
  requestParameters?: Record<string, boolean>;
  integration?: StandInIntegration;
}

interface StandInResource {
  id: string;
  parentId?: string;
  path: string;
  pathPart?: string;
  methods: Record<string, StandInMethod>;
}

/** A control-plane call the stand-in answered, for assertions. */
export interface StandInCall {
  readonly operation: string;
  readonly path: string;
  readonly status: number;
}

/** Answers the nth call of an operation (from 1) with an AWS error instead. */
export interface StandInFault {
  readonly operation: string;
  readonly nth: number;
  readonly status: number;
  readonly type: string;
}

export const DEMO_API_ID = 'a1b2c3d4e5';
export const DEMO_STAGE = 'prod';
export const DEMO_REGION = 'us-east-1';

/**
 * A stand-in for API Gateway's REST API control plane and Lambda's resource-policy calls on
 * 127.0.0.1: the REST-JSON protocol the real `@aws-sdk/client-api-gateway` and
 * `@aws-sdk/client-lambda` speak (paths, status codes, `x-amzn-ErrorType` errors), answers
 * shaped like the API reference's examples, over an in-memory copy of the demo API:
 * `/users` and `/api/v1/users` GET and POST as HTTP_PROXY (one with header and path mappings,
 * one with a stage variable), a MOCK `/health` and a VPC_LINK `/internal`;
 * `addPathParameterResources` adds renamed path parameters, `{proxy+}` and `ANY`.
 *
 * @example
 * ```ts
 * const apigw = await new ApiGatewayStandIn().listen();
 * new APIGatewayClient({ endpoint: apigw.url, region: 'us-east-1', credentials });
 * await apigw.close();
 * ```
 */
export class ApiGatewayStandIn {
  readonly #server: Server;
  readonly apiId: string;
  readonly resources = new Map<string, StandInResource>();
  /** The API's stages by name, each on deployment `dep001` to begin with. */
  readonly stages = new Map<string, StandInStage>();
  /** The first stage (`prod` unless told otherwise). */
  readonly stage: StandInStage;
  readonly deployments: { id: string; description?: string; stageName?: string }[] = [{ id: 'dep001', description: 'initial' }];
  /** Statements of each function's resource policy, by statement id. */
  readonly policies = new Map<string, Map<string, Record<string, unknown>>>();
  readonly calls: StandInCall[] = [];
  faults: StandInFault[] = [];
  /** Operations the caller's IAM policy does not allow: each call gets AWS's 403 AccessDeniedException. */
  readonly denied = new Set<string>();
  /** Resources per GetResources page, so the client has to paginate. */
  pageSize = 3;
  readonly #counts = new Map<string, number>();

  /** `apiId` and `stages` let a test run two APIs (two stand-ins) or several stages of one. */
  constructor(options: { apiId?: string; stages?: readonly string[] } = {}) {
    this.apiId = options.apiId ?? DEMO_API_ID;
    for (const stageName of options.stages ?? [DEMO_STAGE]) {
      this.stages.set(stageName, { stageName, deploymentId: 'dep001', variables: { backend: 'jsonplaceholder.typicode.com' } });
    }
    this.stage = this.stages.values().next().value!;
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#seed();
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as { port: number }).port}`;
  }

  async listen(): Promise<this> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }

  /** Every method's integration, keyed `METHOD path`, as a deep copy. */
  integrations(): Record<string, StandInIntegration | undefined> {
    const all: Record<string, StandInIntegration | undefined> = {};
    for (const resource of this.resources.values()) {
      for (const method of Object.values(resource.methods)) all[`${method.httpMethod} ${resource.path}`] = structuredClone(method.integration);
    }
    return all;
  }

  /**
   * Denies operations (`PutIntegration`, `CreateDeployment`, `AddPermission`…) as IAM does: every
   * call of them gets a 403 `AccessDeniedException` shaped as API Gateway or Lambda send it.
   */
  deny(...operations: string[]): this {
    for (const operation of operations) this.denied.add(operation);
    return this;
  }

  /** The mutating calls answered with success: what a dry run must not make. */
  writes(): StandInCall[] {
    return this.calls.filter((call) => !call.operation.startsWith('Get') && call.status < 300);
  }

  /** The resource at a path, for tests that edit the API behind Sluice's back. */
  resourceAt(path: string): StandInResource {
    const found = [...this.resources.values()].find((resource) => resource.path === path);
    if (found === undefined) throw new Error(`no resource ${path}`);
    return found;
  }

  /**
   * Adds a resource (and its missing parents) as `CreateResource` does, refusing what API
   * Gateway refuses: a second variable path part among siblings (`/users/{id}` and
   * `/users/{userId}/posts`; `/users/{id}` and `/orders/{orderId}` are fine) and a child of a
   * greedy `{proxy+}`.
   *
   * @throws an error with API Gateway's `BadRequestException` message.
   */
  addResource(path: string): StandInResource {
    let parent = this.resourceAt('/');
    for (const pathPart of path.split('/').filter(Boolean)) {
      const childPath = `${parent.path === '/' ? '' : parent.path}/${pathPart}`;
      parent = [...this.resources.values()].find((resource) => resource.path === childPath) ?? this.#createResource(parent.id, pathPart);
    }
    return parent;
  }

  /**
   * Adds to the demo API what real APIs have and the demo lacks, every method `HTTP_PROXY` to
   * `backend` (the request parameters and cache keys as the console sets them up):
   * - `GET /users/{id}` → `/users/{id}`;
   * - `GET /users/{id}/posts/{postId}` → `/accounts/{userId}/posts/{id}`: the integration's
   *   names are the method's, crossed (`{userId}` ← `{id}`, `{id}` ← `{postId}`);
   * - `GET /orders/{orderId}` → `/orders/{id}`: a sibling tree with its own parameter name;
   * - `ANY /{proxy+}` → `/{proxy}`: a greedy catch-all with the `ANY` method.
   */
  addPathParameterResources(backend: string): this {
    const method = (path: string, httpMethod: string, uri: string, mappings: Record<string, string>, methodParameters: readonly string[]): void => {
      const resource = this.addResource(path);
      const cacheKeys = methodParameters.map((name) => `method.request.path.${name}`);
      resource.methods[httpMethod] = {
        httpMethod,
        authorizationType: 'NONE',
        apiKeyRequired: false,
        requestParameters: Object.fromEntries(cacheKeys.map((key) => [key, true])),
        integration: {
          type: 'HTTP_PROXY',
          httpMethod,
          uri: `${backend}${uri}`,
          connectionType: 'INTERNET',
          requestParameters: Object.fromEntries(
            Object.entries(mappings).map(([target, source]) => [`integration.request.path.${target}`, `method.request.path.${source}`]),
          ),
          passthroughBehavior: 'WHEN_NO_MATCH',
          timeoutInMillis: 29000,
          cacheNamespace: resource.id,
          cacheKeyParameters: cacheKeys,
        },
      };
    };
    method('/users/{id}', 'GET', '/users/{id}', { id: 'id' }, ['id']);
    method('/users/{id}/posts/{postId}', 'GET', '/accounts/{userId}/posts/{id}', { userId: 'id', id: 'postId' }, ['id', 'postId']);
    method('/orders/{orderId}', 'GET', '/orders/{id}', { id: 'orderId' }, ['orderId']);
    method('/{proxy+}', 'ANY', '/{proxy}', { proxy: 'proxy' }, ['proxy']);
    return this;
  }

  #createResource(parentId: string, pathPart: string): StandInResource {
    const parent = this.resources.get(parentId);
    if (parent === undefined) throw notFound('Invalid Resource identifier specified');
    if (/^\{.+\+\}$/.test(parent.pathPart ?? '')) throw badRequest(`A resource cannot be created under the greedy path variable ${parent.pathPart}`);
    if (!/^([A-Za-z0-9._:-]+|\{[A-Za-z0-9._-]+\+?\})$/.test(pathPart))
      throw badRequest(
        `Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.`,
      );
    const siblings = [...this.resources.values()].filter((resource) => resource.parentId === parentId);
    if (siblings.some((sibling) => sibling.pathPart === pathPart))
      throw Object.assign(new Error('Another resource with the same parent already has this name: ' + pathPart), { status: 409, type: 'ConflictException' });
    const variable = siblings.find((sibling) => sibling.pathPart?.startsWith('{'));
    if (pathPart.startsWith('{') && variable !== undefined)
      throw badRequest(`A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`);
    const id = `res${String(this.resources.size + 1).padStart(3, '0')}`;
    const resource: StandInResource = { id, parentId, pathPart, path: `${parent.path === '/' ? '' : parent.path}/${pathPart}`, methods: {} };
    this.resources.set(id, resource);
    return resource;
  }

  #seed(): void {
    const add = (id: string, path: string, parentId?: string): StandInResource => {
      const resource: StandInResource = { id, path, methods: {}, ...(parentId !== undefined && { parentId, pathPart: path.split('/').pop()! }) };
      this.resources.set(id, resource);
      return resource;
    };
    const proxy = (resourceId: string, httpMethod: string, uri: string, extra: Record<string, unknown> = {}): StandInMethod => ({
      httpMethod,
      authorizationType: 'NONE',
      apiKeyRequired: false,
      integration: {
        type: 'HTTP_PROXY',
        httpMethod,
        uri,
        connectionType: 'INTERNET',
        passthroughBehavior: 'WHEN_NO_MATCH',
        timeoutInMillis: 29000,
        cacheNamespace: resourceId,
        cacheKeyParameters: [],
        ...extra,
      },
    });
    add('r00t01', '/');
    const users = add('usr001', '/users', 'r00t01');
    // A streamed response (responseTransferMode) must come back streamed after detach.
    users.methods.GET = proxy('usr001', 'GET', 'https://jsonplaceholder.typicode.com/users', { timeoutInMillis: 10000, responseTransferMode: 'STREAM' });
    users.methods.POST = proxy('usr001', 'POST', 'https://jsonplaceholder.typicode.com/users');
    add('api001', '/api', 'r00t01');
    add('v10001', '/api/v1', 'api001');
    const v1users = add('v1u001', '/api/v1/users', 'v10001');
    v1users.methods.GET = proxy('v1u001', 'GET', 'https://jsonplaceholder.typicode.com/users', {
      requestParameters: { 'integration.request.header.X-Tenant': 'method.request.querystring.tenant' },
    });
    v1users.methods.POST = proxy('v1u001', 'POST', 'https://${stageVariables.backend}/users');
    const health = add('hlt001', '/health', 'r00t01');
    health.methods.GET = {
      httpMethod: 'GET',
      authorizationType: 'NONE',
      apiKeyRequired: false,
      integration: {
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        passthroughBehavior: 'WHEN_NO_MATCH',
        timeoutInMillis: 29000,
        cacheNamespace: 'hlt001',
        cacheKeyParameters: [],
        integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } } },
      },
    };
    const internal = add('int001', '/internal', 'r00t01');
    internal.methods.GET = proxy('int001', 'GET', 'http://internal-nlb.example.internal/status', { connectionType: 'VPC_LINK', connectionId: 'vl1234' });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const route = this.#route(req.method ?? 'GET', parts);
    const reply = (status: number, payload?: unknown, errorType?: string): void => {
      this.calls.push({ operation: route.operation, path: url.pathname, status });
      res.writeHead(status, { 'content-type': 'application/json', ...(errorType !== undefined && { 'x-amzn-ErrorType': errorType }) });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const count = (this.#counts.get(route.operation) ?? 0) + 1;
    this.#counts.set(route.operation, count);
    const fault = this.faults.find((candidate) => candidate.operation === route.operation && candidate.nth === count);
    if (fault !== undefined) return reply(fault.status, { message: `${fault.type} (stand-in fault)`, Message: fault.type }, fault.type);
    if (this.denied.has(route.operation)) {
      const denial = accessDenied(req.method ?? 'GET', url.pathname, route.operation, parts);
      return reply(403, denial.body, 'AccessDeniedException');
    }
    try {
      const answer = route.run(body, url.searchParams);
      reply(answer.status, answer.body);
    } catch (error) {
      const failure = error as { status?: number; type?: string; message: string };
      reply(failure.status ?? 500, { message: failure.message, Message: failure.message }, failure.type ?? 'InternalFailure');
    }
  }

  #route(method: string, parts: string[]): StandInRoute {
    // The path's parameters (API, resource or stage, method, status code) become `*`.
    const key = `${method} ${parts.map((part, index) => ([1, 3, 5].includes(index) || (index === 8 && parts[7] === 'responses') ? '*' : part)).join('/')}`;
    if (parts[0] === '2015-03-31') return this.#lambdaRoute(method, parts);
    const [, apiId, , resourceId, , httpMethod, , , statusCode] = parts;
    const api = (): void => {
      if (apiId !== this.apiId) throw notFound(`Invalid API identifier specified ${apiId ?? ''}`);
    };
    const methodAt = (): StandInMethod => {
      api();
      const found = this.resources.get(resourceId!)?.methods[httpMethod!];
      if (found === undefined) throw notFound('Invalid Method identifier specified');
      return found;
    };
    switch (key) {
      case 'GET restapis':
        return {
          operation: 'GetRestApis',
          run: () => ({
            status: 200,
            body: {
              item: [
                { id: this.apiId, name: 'sluice-demo', createdDate: 1767225600, rootResourceId: 'r00t01', endpointConfiguration: { types: ['REGIONAL'] } },
              ],
            },
          }),
        };
      case 'GET restapis/*':
        return {
          operation: 'GetRestApi',
          run: () => (
            api(),
            {
              status: 200,
              body: { id: this.apiId, name: 'sluice-demo', createdDate: 1767225600, rootResourceId: 'r00t01', endpointConfiguration: { types: ['REGIONAL'] } },
            }
          ),
        };
      case 'GET restapis/*/stages/*':
        return {
          operation: 'GetStage',
          run: () => {
            api();
            const stage = this.stages.get(parts[3]!);
            if (stage === undefined) throw notFound('Invalid Stage identifier specified');
            return { status: 200, body: stageBody(stage) };
          },
        };
      case 'GET restapis/*/stages':
        return {
          operation: 'GetStages',
          run: () => (api(), { status: 200, body: { item: [...this.stages.values()].map(stageBody) } }),
        };
      case 'GET restapis/*/resources':
        return {
          operation: 'GetResources',
          run: (_, query) => {
            api();
            const all = [...this.resources.values()];
            const start = Number(query.get('position') ?? '0');
            const limit = Math.min(Number(query.get('limit') ?? '25'), this.pageSize);
            const embed = query.getAll('embed').includes('methods');
            const item = all.slice(start, start + limit).map((resource) => ({
              id: resource.id,
              ...(resource.parentId !== undefined && { parentId: resource.parentId, pathPart: resource.pathPart }),
              path: resource.path,
              ...(embed &&
                Object.keys(resource.methods).length > 0 && {
                  resourceMethods: Object.fromEntries(
                    Object.entries(resource.methods).map(([name, found]) => [
                      name,
                      { ...found, integration: undefined, ...(found.integration !== undefined && { methodIntegration: found.integration }) },
                    ]),
                  ),
                }),
            }));
            return { status: 200, body: { item, ...(start + limit < all.length && { position: String(start + limit) }) } };
          },
        };
      case 'POST restapis/*/resources/*':
        return {
          operation: 'CreateResource',
          run: (body) => {
            api();
            const resource = this.#createResource(parts[3]!, String(body.pathPart ?? ''));
            return { status: 201, body: { id: resource.id, parentId: resource.parentId, pathPart: resource.pathPart, path: resource.path } };
          },
        };
      case 'GET restapis/*/resources/*/methods/*/integration':
        return {
          operation: 'GetIntegration',
          run: () => {
            const found = methodAt();
            if (found.integration === undefined) throw notFound('No integration defined for method');
            return { status: 200, body: found.integration };
          },
        };
      case 'PUT restapis/*/resources/*/methods/*/integration':
        return {
          operation: 'PutIntegration',
          run: (body) => {
            const found = methodAt();
            if (typeof body.type !== 'string') throw badRequest('Enumeration value for IntegrationType must be non-null');
            // As API Gateway does: the defaults it fills in, and the integration responses kept.
            const integration: StandInIntegration = {
              type: body.type,
              passthroughBehavior: 'WHEN_NO_MATCH',
              timeoutInMillis: 29000,
              cacheNamespace: resourceId!,
              cacheKeyParameters: [],
              ...body,
              ...(found.integration?.integrationResponses !== undefined && { integrationResponses: found.integration.integrationResponses }),
            };
            found.integration = integration;
            return { status: 201, body: integration };
          },
        };
      case 'DELETE restapis/*/resources/*/methods/*/integration':
        return {
          operation: 'DeleteIntegration',
          run: () => {
            const found = methodAt();
            if (found.integration === undefined) throw notFound('No integration defined for method');
            delete found.integration;
            return { status: 204 };
          },
        };
      case 'PUT restapis/*/resources/*/methods/*/integration/responses/*':
        return {
          operation: 'PutIntegrationResponse',
          run: (body) => {
            const found = methodAt();
            if (found.integration === undefined) throw notFound('No integration defined for method');
            const response = { statusCode: statusCode!, ...body };
            found.integration.integrationResponses = { ...found.integration.integrationResponses, [statusCode!]: response };
            return { status: 201, body: response };
          },
        };
      case 'DELETE restapis/*/resources/*/methods/*/integration/responses/*':
        return {
          operation: 'DeleteIntegrationResponse',
          run: () => {
            const responses = methodAt().integration?.integrationResponses;
            if (responses?.[statusCode!] === undefined) throw notFound('Invalid Response status code specified');
            delete responses[statusCode!];
            return { status: 202 };
          },
        };
      case 'POST restapis/*/deployments':
        return {
          operation: 'CreateDeployment',
          run: (body) => {
            api();
            const id = `dep${String(this.deployments.length + 1).padStart(3, '0')}`;
            const deployment = { id, description: body.description as string, stageName: body.stageName as string };
            this.deployments.push(deployment);
            const stage = this.stages.get(body.stageName as string);
            if (stage !== undefined) stage.deploymentId = id;
            return { status: 201, body: { id, description: deployment.description, createdDate: 1767225600 } };
          },
        };
      default:
        return {
          operation: `Unknown ${key}`,
          run: () => {
            throw Object.assign(new Error(`no route ${key}`), { status: 404, type: 'UnknownOperationException' });
          },
        };
    }
  }

  #lambdaRoute(method: string, parts: string[]): StandInRoute {
    const functionName = parts[2]!;
    const policy = this.policies.get(functionName) ?? new Map<string, Record<string, unknown>>();
    this.policies.set(functionName, policy);
    if (method === 'POST' && parts[3] === 'policy') {
      return {
        operation: 'AddPermission',
        run: (body) => {
          const sid = body.StatementId as string;
          if (policy.has(sid))
            throw Object.assign(new Error(`The statement id (${sid}) provided already exists.`), { status: 409, type: 'ResourceConflictException' });
          const statement = {
            Sid: sid,
            Effect: 'Allow',
            Principal: { Service: body.Principal },
            Action: body.Action,
            Resource: functionName,
            Condition: { ArnLike: { 'AWS:SourceArn': body.SourceArn } },
          };
          policy.set(sid, statement);
          return { status: 201, body: { Statement: JSON.stringify(statement) } };
        },
      };
    }
    if (method === 'DELETE' && parts[3] === 'policy') {
      return {
        operation: 'RemovePermission',
        run: () => {
          if (!policy.delete(parts[4]!))
            throw Object.assign(new Error('The resource you requested does not exist.'), { status: 404, type: 'ResourceNotFoundException' });
          return { status: 204 };
        },
      };
    }
    return {
      operation: `Unknown lambda ${method}`,
      run: () => {
        throw Object.assign(new Error('no route'), { status: 404, type: 'UnknownOperationException' });
      },
    };
  }
}

interface StandInRoute {
  readonly operation: string;
  readonly run: (body: Record<string, unknown>, query: URLSearchParams) => { status: number; body?: unknown };
}

export interface StandInStage {
  readonly stageName: string;
  deploymentId: string;
  readonly variables: Record<string, string>;
}

function stageBody(stage: StandInStage): Record<string, unknown> {
  return { ...stage, createdDate: 1767225600, lastUpdatedDate: 1767225600, methodSettings: {}, tracingEnabled: false };
}

/** The caller every denial names: a deployer's role session, as STS would report it. */
const DENIED_CALLER = 'arn:aws:sts::123456789012:assumed-role/sluice-deployer/ci';

/**
 * AWS's answer to a call IAM does not allow, for the REST-JSON protocol of each service (the
 * `x-amzn-ErrorType: AccessDeniedException` header is set by the caller): API Gateway names the
 * verb as its action and the path as its resource, in a lower-case `message`; Lambda names the
 * operation and the function, in `Message` with a `Type`.
 */
function accessDenied(method: string, path: string, operation: string, parts: readonly string[]): { body: Record<string, string> } {
  if (parts[0] === '2015-03-31') {
    const name = parts[2] ?? '';
    const resource = name.startsWith('arn:') ? name : `arn:aws:lambda:${DEMO_REGION}:123456789012:function:${name}`;
    const action = `lambda:${operation}`;
    return {
      body: {
        Type: 'User',
        Message: `User: ${DENIED_CALLER} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
      },
    };
  }
  const action = `apigateway:${method}`;
  return {
    body: {
      message: `User: ${DENIED_CALLER} is not authorized to perform: ${action} on resource: arn:aws:apigateway:${DEMO_REGION}::${path} because no identity-based policy allows the ${action} action`,
    },
  };
}

function notFound(message: string): Error {
  return Object.assign(new Error(message), { status: 404, type: 'NotFoundException' });
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { status: 400, type: 'BadRequestException' });
}
