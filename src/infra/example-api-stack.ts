import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { EndpointType, HttpIntegration, RestApi, type IResource } from 'aws-cdk-lib/aws-apigateway';
import type { Construct } from 'constructs';
import { ConfigError } from '../core/errors.js';

/** Properties of {@link ExampleApiStack}. */
export interface ExampleApiStackProps extends StackProps {
  /** Prefixes the API's name. @default 'sluice' */
  readonly project?: string;
  /** The backend every method proxies to. @default 'https://jsonplaceholder.typicode.com' */
  readonly backendUrl?: string;
  /** @default 'prod' */
  readonly stageName?: string;
}

/** The example API's paths and methods, as the source design's demo API has them. */
export const EXAMPLE_API_ROUTES = { paths: ['/users', '/api/v1/users'], methods: ['GET', 'POST'] } as const;

/**
 * The source design's demo REST API (SPEC §5): `/users` and `/api/v1/users`, GET and POST, each an
 * `HTTP_PROXY` integration to jsonplaceholder's `/users`, so a fresh account has an API to
 * attach Sluice to and try everything.
 *
 * @example
 * ```ts
 * const api = new ExampleApiStack(app, 'sluice-example-api', { project: 'sluice' });
 * api.api.restApiId;
 * ```
 */
export class ExampleApiStack extends Stack {
  public readonly api: RestApi;

  constructor(scope: Construct, id: string, props: ExampleApiStackProps = {}) {
    const project = props.project ?? 'sluice';
    const backendUrl = (props.backendUrl ?? 'https://jsonplaceholder.typicode.com').replace(/\/+$/, '');
    const stageName = props.stageName ?? 'prod';
    const issues = [];
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(project))
      issues.push({ path: 'project', message: 'expected 1-40 lower-case letters, digits or "-", starting with a letter' });
    if (!/^https?:\/\/[^/]+$/.test(backendUrl))
      issues.push({ path: 'backendUrl', message: `expected an http(s) origin such as https://api.example.com, got ${JSON.stringify(props.backendUrl)}` });
    if (!/^[A-Za-z0-9_]{1,128}$/.test(stageName)) issues.push({ path: 'stageName', message: 'expected letters, digits or "_" (API Gateway stage names)' });
    if (issues.length > 0) throw new ConfigError('the example API stack', issues);
    super(scope, id, { description: `Sluice ${project}: example REST API proxying to ${backendUrl}`, ...props });
    this.api = new RestApi(this, 'Api', {
      restApiName: `${project}-example-api`,
      description: 'Example API for Sluice: /users and /api/v1/users proxied to jsonplaceholder',
      endpointTypes: [EndpointType.REGIONAL],
      deployOptions: { stageName },
    });
    for (const path of EXAMPLE_API_ROUTES.paths) {
      const resource = path
        .split('/')
        .filter(Boolean)
        .reduce<IResource>((parent, part) => parent.getResource(part) ?? parent.addResource(part), this.api.root);
      for (const method of EXAMPLE_API_ROUTES.methods) {
        resource.addMethod(method, new HttpIntegration(`${backendUrl}/users`, { httpMethod: method, proxy: true }));
      }
    }
    new CfnOutput(this, 'RestApiId', { value: this.api.restApiId, description: 'attach Sluice with --api-id' });
    new CfnOutput(this, 'StageName', { value: stageName, description: 'attach Sluice with --stage' });
    new CfnOutput(this, 'Url', { value: this.api.url, description: 'try GET {Url}users' });
  }
}
