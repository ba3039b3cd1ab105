import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One `PutEvents` entry as the stand-in received it (the SDK's JSON, `Time` as epoch seconds). */
export interface RecordedEvent {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Resources?: string[];
  readonly Time?: number;
  readonly TraceHeader?: string;
  /** The id the stand-in answered with. */
  readonly eventId: string;
}

/** An entry failure to answer with instead of accepting the next entry. */
export interface EntryFailure {
  readonly ErrorCode: string;
  readonly ErrorMessage: string;
}

export interface EventBridgeStandIn {
  /** `http://127.0.0.1:PORT`, for the client's `endpoint`. */
  readonly endpoint: string;
  /** Every accepted entry, in arrival order. */
  readonly events: RecordedEvent[];
  /** `X-Amz-Target` of every request, refused ones included. */
  readonly targets: string[];
  /** Fails the next entry with this code (the call still answers 200 with `FailedEntryCount: 1`, as AWS does). */
  failNextEntry(failure: EntryFailure): void;
  close(): Promise<void>;
}

/**
 * An EventBridge stand-in on 127.0.0.1 speaking the service's JSON 1.1 protocol for `PutEvents`
 * (`X-Amz-Target: AWSEvents.PutEvents`) to the real SDK client: answers shaped like the example
 * in AWS's API reference (`{"FailedEntryCount":0,"Entries":[{"EventId":"…"}]}`), an entry whose
 * `Detail` is not a JSON object failed with `MalformedDetail` as EventBridge does, and entry
 * failures on demand. Any other action gets `UnknownOperationException`.
 *
 * @example
 * ```ts
 * const bus = await startEventBridgeStandIn();
 * bus.failNextEntry({ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' });
 * // … client with endpoint: bus.endpoint …
 * await bus.close();
 * ```
 */
export async function startEventBridgeStandIn(): Promise<EventBridgeStandIn> {
  const events: RecordedEvent[] = [];
  const targets: string[] = [];
  const failures: EntryFailure[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      targets.push(target);
      const reply = (status: number, payload: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
        response.end(JSON.stringify(payload));
      };
      if (target !== 'AWSEvents.PutEvents') return reply(400, { __type: 'UnknownOperationException', message: `unsupported ${target}` });
      const input = JSON.parse(body || '{}') as { Entries?: Omit<RecordedEvent, 'eventId'>[] };
      let failed = 0;
      const entries = (input.Entries ?? []).map((entry) => {
        const failure = failures.shift() ?? malformed(entry);
        if (failure !== undefined) {
          failed += 1;
          return failure;
        }
        const eventId = randomUUID();
        events.push({ ...entry, eventId });
        return { EventId: eventId };
      });
      reply(200, { FailedEntryCount: failed, Entries: entries });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    events,
    targets,
    failNextEntry: (failure) => void failures.push(failure),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** EventBridge's answer for an entry whose detail is not a JSON object. */
function malformed(entry: { Detail?: string }): EntryFailure | undefined {
  try {
    const detail: unknown = JSON.parse(entry.Detail ?? '');
    if (detail !== null && typeof detail === 'object' && !Array.isArray(detail)) return undefined;
  } catch {
    // falls through to the failure
  }
  return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
}
