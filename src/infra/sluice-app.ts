import { App } from 'aws-cdk-lib';
import { isIngestTarget } from '../core/config-schema.js';
import { ExampleApiStack, type ExampleApiStackProps } from './example-api-stack.js';
import { ForwarderStack } from './forwarder-stack.js';
import { resolveForwarderStackProps, type ForwarderStackProps } from './forwarder-stack-props.js';
import { IngestStack, type IngestStackProps } from './ingest/ingest-stack.js';

/** Properties of {@link createSluiceApp}. */
export interface SluiceAppProps {
  /** Where `app.synth()` writes the cloud assembly. @default a temporary folder (CDK's) */
  readonly outdir?: string;
  /** @default none: the templates deploy to any region */
  readonly region?: string;
  /** @default none: the templates deploy to any account */
  readonly account?: string;
  readonly forwarder: ForwarderStackProps;
  /** Also the example API; `false` leaves it out. @default true */
  readonly exampleApi?: boolean | Omit<ExampleApiStackProps, 'project' | 'env'>;
  /** The config's routes and `ingest_api`: an ingest stack when any route is an ingest route. @default no ingest stack */
  readonly ingest?: Omit<IngestStackProps, 'project' | 'env'>;
}

/** The app and its stacks. */
export interface SluiceApp {
  readonly app: App;
  readonly forwarder: ForwarderStack;
  readonly exampleApi?: ExampleApiStack;
  readonly ingest?: IngestStack;
}

/**
 * The stacks' names for a project: what `sluice synth` writes as `<name>.template.json` and what
 * a deploy creates.
 *
 * @example
 * ```ts
 * stackNames('shop'); // { forwarder: 'shop-forwarder', exampleApi: 'shop-example-api', ingest: 'shop-ingest' }
 * ```
 */
export function stackNames(project: string): { forwarder: string; exampleApi: string; ingest: string } {
  return { forwarder: `${project}-forwarder`, exampleApi: `${project}-example-api`, ingest: `${project}-ingest` };
}

/**
 * The CDK app of a deployment: the forwarder stack, unless left out the example API, and the
 * ingest stack when the routes include ingest routes (issue 13 §2). Only
 * builds the construct tree; `app.synth()` writes the templates, offline and without credentials.
 *
 * @throws ConfigError when the stacks' properties break a rule.
 * @example
 * ```ts
 * const { app } = createSluiceApp({ outdir: 'cdk.out', forwarder: { project: 'shop', destinationUrl: 'https://hooks.example.com/in' } });
 * app.synth();
 * ```
 */
export function createSluiceApp(props: SluiceAppProps): SluiceApp {
  // Before the App, which creates its output folder: bad properties leave nothing behind.
  resolveForwarderStackProps(props.forwarder);
  const app = new App({ ...(props.outdir !== undefined && { outdir: props.outdir }) });
  const env = props.region === undefined && props.account === undefined ? undefined : { region: props.region, account: props.account };
  const project = props.forwarder.project ?? 'sluice';
  const names = stackNames(project);
  const forwarder = new ForwarderStack(app, names.forwarder, { ...props.forwarder, ...(env !== undefined && { env }) });
  const exampleProps = typeof props.exampleApi === 'object' ? props.exampleApi : {};
  const exampleApi =
    props.exampleApi === false ? undefined : new ExampleApiStack(app, names.exampleApi, { ...exampleProps, project, ...(env !== undefined && { env }) });
  const hasIngestRoutes = props.ingest?.routes.some((route) => isIngestTarget(route.target)) ?? false;
  const ingest = hasIngestRoutes ? new IngestStack(app, names.ingest, { ...props.ingest!, project, ...(env !== undefined && { env }) }) : undefined;
  return { app, forwarder, ...(exampleApi !== undefined && { exampleApi }), ...(ingest !== undefined && { ingest }) };
}
