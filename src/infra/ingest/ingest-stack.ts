/**
 * The ingest stack `sluice synth` adds when the config has ingest routes (issue 13 §2): the
 * routes are split between the native faces (`planIngestApis`), the HTTP API is built here,
 * and the custom domain, when `ingest_api.domain` asks for one, is shared by the faces.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { RouteConfig } from '../../core/config-schema.js';
import { ConfigError } from '../../core/errors.js';
import type { IngestDomainConfig } from '../../core/ingest-api-schema.js';
import { planIngestApis, type RouteReason } from './api-plan.js';
import { HttpIngestApi } from './http-ingest-api.js';
import { IngestDomain } from './ingest-domain.js';

/** Properties of {@link IngestStack}. */
export interface IngestStackProps extends StackProps {
  /** The config's routes; those that are not ingest routes are skipped. */
  readonly routes: readonly RouteConfig[];
  /** `ingest_api.domain`. @default none: the APIs' execute-api endpoints */
  readonly domain?: IngestDomainConfig;
  /** Prefix of the APIs' names. @default the stack's name */
  readonly project?: string;
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
  /** The custom domain, when `domain` is set. */
  public readonly domain?: IngestDomain;
  /**
   * The routes only a REST API expresses, with why. The REST API construct takes them from
   * here (and maps itself onto {@link domain}); this stack builds nothing for them yet.
   */
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
    if (plan.http.length > 0) {
      this.httpApi = new HttpIngestApi(this, 'Http', {
        routes: plan.http,
        name: `${props.project ?? id}-http`,
        ...(plan.httpCors !== undefined && { cors: plan.httpCors }),
        ...(this.domain !== undefined && { domain: this.domain }),
      });
    }
    this.restRoutes = plan.rest;
  }
}
