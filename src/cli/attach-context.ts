import { join } from 'node:path';
import type { AttachContext } from '../attach/index.js';
import { AwsAccessError, UsageError } from '../core/errors.js';
import type { CommandIo } from './command-io.js';

/** The flags `sluice attach` and `sluice detach` share. */
export interface AttachCommonOptions {
  readonly apiId: string;
  readonly stage: string;
  readonly region?: string;
  readonly functionArn?: string;
  readonly bucket?: string;
  /** The forwarder stack's project prefix, for its outputs. @default 'sluice' */
  readonly project?: string;
  /** The data folder, for the local copy of the snapshot. @default '.sluice' */
  readonly data?: string;
  readonly yes?: boolean;
}

/** The context and the resolved names, with a `close()` that releases the clients. */
export interface OpenedAttachContext {
  readonly ctx: AttachContext;
  readonly region: string;
  readonly functionArn: string;
  readonly bucket: string;
  close(): void;
}

/**
 * Builds the clients for attach and detach: the region from `--region`, `AWS_REGION` or the
 * function's ARN; the function and the bucket from the flags or else the deployed forwarder
 * stack's outputs (`ProxyFunctionArn`, `ControlBucketName`); each client's endpoint from
 * `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL` (S3 then path-style).
 *
 * @internal
 * @example
 * ```ts
 * const opened = await openAttachContext({ apiId: 'a1b2c3d4e5', stage: 'prod', region: 'eu-west-1' }, io, process.env);
 * ```
 */
export async function openAttachContext(options: AttachCommonOptions, io: CommandIo, env: NodeJS.ProcessEnv): Promise<OpenedAttachContext> {
  const aws = await import('../aws/index.js');
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? options.functionArn?.split(':')[3];
  if (region === undefined || region === '') throw new UsageError('--region: required (or AWS_REGION)');
  const endpoint = (service: string): { endpoint?: string } => {
    const url = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
    return url !== undefined && url !== '' ? { endpoint: url } : {};
  };
  let functionArn = options.functionArn;
  let bucket = options.bucket;
  if (functionArn === undefined || bucket === undefined) {
    const stack = `${options.project ?? 'sluice'}-forwarder`;
    const outputs = await aws.readStackOutputs({ region, ...endpoint('CLOUDFORMATION') }, stack).catch((error: unknown) => {
      // A denied read is the deployer's policy, not the command line: name the permission (exit 1).
      if (error instanceof AwsAccessError) throw error;
      throw new UsageError(`--function-arn and --bucket: not given, and the outputs of the stack ${stack} could not be read (${(error as Error).message})`, {
        cause: error,
      });
    });
    functionArn ??= outputs.ProxyFunctionArn;
    bucket ??= outputs.ControlBucketName;
    if (functionArn === undefined || bucket === undefined)
      throw new UsageError(`--function-arn and --bucket: the stack ${stack} has no ProxyFunctionArn or ControlBucketName output`);
  }
  if (!/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/.test(functionArn)) {
    throw new UsageError(`--function-arn: expected a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME), got ${functionArn}`);
  }
  const apiGateway = await aws.createApiGatewayClient({ region, ...endpoint('API_GATEWAY') });
  const lambda = await aws.createLambdaControlClient({ region, ...endpoint('LAMBDA') });
  const objects = new aws.S3ObjectStore({ region, ...endpoint('S3') });
  let progressLine = '';
  const ctx: AttachContext = {
    apiGateway,
    lambda,
    store: { objects, bucket, localDir: join(options.data ?? '.sluice', 'attach') },
    onProgress: (done, total, what) => {
      const line = `${done}/${total} ${what}`;
      if (line === progressLine) return;
      progressLine = line;
      io.stderr.write(io.stderrIsTty ? `\r\x1b[K${line}` : `${line}\n`);
      if (io.stderrIsTty && done === total) io.stderr.write('\n');
    },
  };
  return {
    ctx,
    region,
    functionArn,
    bucket,
    close: () => {
      apiGateway.destroy();
      lambda.destroy();
      objects.destroy();
    },
  };
}
