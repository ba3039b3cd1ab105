import type { HandlerWorkerData, InvocationBatch, InvocationMessage, ReadyMessage, ResultMessage } from './worker-protocol.js';

/**
 * The body of a handler worker thread. The pool starts workers from this function's source
 * (`eval: true`), so it must be self-contained: no imports, only `process.getBuiltinModule`
 * and a dynamic import of the handler module. Like a Lambda execution environment, a worker loads the
 * module once, runs one invocation at a time and keeps the module's state between invocations.
 * It takes invocations in batches and runs them in order, claiming each just before it starts.
 *
 * @internal
 * @example
 * ```ts
 * new Worker(`(${handlerWorkerMain.toString()})()`, { eval: true, workerData });
 * ```
 */
export function handlerWorkerMain(): void {
  const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
  const data = workerData as HandlerWorkerData;
  const port = parentPort!;
  type Handler = (event: unknown, context: unknown, callback: (error?: unknown, result?: unknown) => void) => unknown;
  let loading: Promise<Handler> | undefined;
  // `import()` written out here would be rewritten by bundlers and test transforms that see this
  // function's source; a Function body is compiled only inside the worker.
  const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

  const describe = (error: unknown, fallbackType = 'Error') => {
    if (error instanceof Error) {
      return {
        errorType:
          error.name && error.name !== 'Error'
            ? error.name
            : error.constructor?.name && error.constructor.name !== 'Object'
              ? error.constructor.name
              : fallbackType,
        errorMessage: error.message,
        trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
      };
    }
    // The Node.js runtime reports a thrown string as { errorType: 'string', errorMessage: … }.
    return { errorType: typeof error, errorMessage: typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)) };
  };

  const load = (): Promise<Handler> => {
    loading ??= importModule(data.moduleUrl).then(
      (module: Record<string, unknown>) => {
        const exported = module[data.exportName] ?? (module.default as Record<string, unknown> | undefined)?.[data.exportName];
        if (typeof exported !== 'function') {
          throw Object.assign(new Error(`${data.handlerName} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
        }
        return exported as Handler;
      },
      (error: unknown) => {
        const name = error instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError';
        throw Object.assign(new Error(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`), { name });
      },
    );
    return loading;
  };

  // Callback-style handlers answer through `callback` (or the legacy context.succeed/fail/done);
  // async ones through their promise. A plain function that returns without either answers null.
  const run = (handler: Handler, event: unknown, context: Record<string, unknown>): Promise<unknown> =>
    new Promise((resolve, reject) => {
      let settled = false;
      const callback = (error?: unknown, result?: unknown): void => {
        if (settled) return;
        settled = true;
        if (error !== undefined && error !== null) reject(error);
        else resolve(result);
      };
      context.done = callback;
      context.succeed = (result: unknown) => callback(null, result);
      context.fail = (error: unknown) => callback(error ?? new Error('handled'));
      let returned: unknown;
      try {
        returned = handler(event, context, callback);
      } catch (error) {
        callback(error);
        return;
      }
      if (returned !== null && typeof returned === 'object' && typeof (returned as { then?: unknown }).then === 'function') {
        (returned as Promise<unknown>).then(
          (result) => callback(null, result),
          (error: unknown) => callback(error ?? new Error('the handler rejected with no reason')),
        );
      } else if (handler.length < 3) {
        callback(null, null);
      }
    });

  // Init runs at once, before any invocation, as in a Lambda execution environment.
  const ready: ReadyMessage = { ready: true };
  let loaded: Handler | undefined;
  load().then(
    (handler) => {
      loaded = handler;
      port.postMessage(ready);
    },
    () => port.postMessage(ready),
  );

  // Invocations handed over and not started yet. One runs at a time; the next starts from a
  // fresh turn of the event loop, as in Lambda, where the runtime does I/O between invocations.
  const claims = new Int32Array(data.claims);
  const waiting: InvocationMessage[] = [];
  let busy = false;
  // A module that failed to load serves nothing more: the pool takes back what is left.
  let failed = false;

  const startNext = (): void => {
    busy = false;
    while (!failed && waiting.length > 0) {
      const message = waiting.shift()!;
      // Taken back by the pool (for another worker, a reload, a throttle): not ours to run.
      if (Atomics.compareExchange(claims, message.id % claims.length, message.id, 0) !== message.id) continue;
      busy = true;
      if (loaded !== undefined) invoke(loaded, message);
      else
        load().then(
          (handler) => invoke(handler, message),
          (error: unknown) => fail(error),
        );
      return;
    }
  };

  // INVOCATION_FIELDS (4) entries per invocation.
  port.on('message', (batch: InvocationBatch) => {
    for (let i = 0; i < batch.length; i += 4) {
      waiting.push({ id: batch[i] as number, awsRequestId: batch[i + 1] as string, payload: batch[i + 2] as string, timeoutMs: batch[i + 3] as number });
    }
    if (!busy) startNext();
  });

  const reply = (result: ResultMessage): void => {
    port.postMessage(result);
    if (waiting.length > 0) setImmediate(startNext);
    else busy = false;
  };

  const fail = (error: unknown): void => {
    failed = true;
    reply({ error: describe(error), fatal: true });
  };

  // The first 24 hex digits of the request id, as Lambda's trace root uses them.
  const traceDigits = (id: string): string => id.slice(0, 8) + id.slice(9, 13) + id.slice(14, 18) + id.slice(19, 23) + id.slice(24, 28);

  const invoke = (handler: Handler, message: InvocationMessage): void => {
    let event: unknown;
    try {
      event = JSON.parse(message.payload);
    } catch (error) {
      reply({ error: describe(error) });
      return;
    }
    const now = Date.now();
    const deadline = now + message.timeoutMs;
    const context: Record<string, unknown> = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: data.functionName,
      functionVersion: data.functionVersion,
      invokedFunctionArn: data.invokedFunctionArn,
      memoryLimitInMB: data.memoryLimitInMB,
      awsRequestId: message.awsRequestId,
      logGroupName: data.logGroupName,
      logStreamName: data.logStreamName,
      identity: undefined,
      clientContext: undefined,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    process.env._X_AMZN_TRACE_ID = `Root=1-${Math.floor(now / 1000).toString(16)}-${traceDigits(message.awsRequestId)};Sampled=0`;
    run(handler, event, context).then(
      (result) => {
        let payload: string;
        try {
          payload = JSON.stringify(result === undefined ? null : result) ?? 'null';
        } catch (error) {
          reply({ error: { ...describe(error), errorType: 'Runtime.MarshalError' } });
          return;
        }
        // Its UTF-8 size is at most 3 bytes per UTF-16 unit: most payloads skip the count.
        if (payload.length * 3 > data.maxResponseBytes && Buffer.byteLength(payload) > data.maxResponseBytes) {
          reply({
            error: {
              errorType: 'Function.ResponseSizeTooLarge',
              errorMessage: `Response payload size exceeded maximum allowed payload size (${data.maxResponseBytes} bytes).`,
            },
          });
          return;
        }
        reply(payload);
      },
      (error: unknown) => reply({ error: describe(error) }),
    );
  };
}
