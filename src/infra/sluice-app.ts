import { App } from 'aws-cdk-lib';
import { ExampleApiStack, type ExampleApiStackProps } from './example-api-stack.js';
import { ForwarderStack } from './forwarder-stack.js';
import { resolveForwarderStackProps, type ForwarderStackProps } from './forwarder-stack-props.js';

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
}

/** The app and its stacks. */
export interface SluiceApp {
  readonly app: App;
  readonly forwarder: ForwarderStack;
  readonly exampleApi?: ExampleApiStack;
}

/**
 * The stacks' names for a project: what `sluice synth` writes as `<name>.template.json` and what
 * a deploy creates.
 *
 * @example
 * ```ts
 * stackNames('shop'); // { forwarder: 'shop-forwarder', exampleApi: 'shop-example-api' }
 * ```
 */
export function stackNames(project: string): { forwarder: string; exampleApi: string } {
  return { forwarder: `${project}-forwarder`, exampleApi: `${project}-example-api` };
}

/**
 * The CDK app of a deployment: the forwarder stack and, unless left out, the example API. Only
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
  if (props.exampleApi === false) return { app, forwarder };
  const exampleProps = typeof props.exampleApi === 'object' ? props.exampleApi : {};
  const exampleApi = new ExampleApiStack(app, names.exampleApi, { ...exampleProps, project, ...(env !== undefined && { env }) });
  return { app, forwarder, exampleApi };
}
