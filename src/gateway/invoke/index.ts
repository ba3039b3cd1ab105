export { AwsInvoker } from './aws-invoker.js';
export { HandlerInvoker } from './handler-invoker.js';
export type { InvokeRequest, InvokeResponse, Invoker } from './invoker.js';
export { LambdaTarget } from './lambda-target.js';
export type { LambdaTargetOptions } from './lambda-target.js';
export { RIE_INVOCATIONS_PATH, RieInvoker } from './rie-invoker.js';
export { WorkerPool } from './worker-pool.js';
export type { InvocationOutcome, WorkerPoolOptions } from './worker-pool.js';
