import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorProxy } from './emulator-proxy.js';

/** What the proxy does with one request: pass it on, hold it unanswered, or answer with an AWS error. */
export type FaultPlan = (request: { readonly index: number; readonly target: string }) => 'pass' | 'stall' | { readonly status: number; readonly type: string };

/**
 * An HTTP proxy on 127.0.0.1 in front of an AWS emulator that answers chosen requests with AWS
 * JSON-protocol errors (throttling, 5xx), or never answers them (a stalled call), so the real
 * SDK's retry and abort logic meets real faults. Records each request's `X-Amz-Target` (the API
 * action) and its JSON body, so tests count calls on the wire.
 *
 * @example
 * ```ts
 * const faults = await startAwsFaultProxy(fauxqs.endpoint, ({ index }) => (index < 2 ? { status: 400, type: 'ThrottlingException' } : 'pass'));
 * // point the SDK's endpoint at faults.url
 * ```
 */
export class AwsFaultProxy extends EmulatorProxy {
  plan: FaultPlan;
  readonly requests: string[] = [];
  /** The body of each request, in the order of `requests`. */
  readonly bodies: string[] = [];

  constructor(upstream: string, plan: FaultPlan) {
    super(upstream);
    this.plan = plan;
  }

  protected async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`);
    const index = this.requests.length;
    this.requests.push(target);
    this.bodies.push(body.toString('utf8'));
    const decision = this.plan({ index, target });
    if (decision === 'stall') return;
    if (decision !== 'pass') {
      const error = JSON.stringify({ __type: `com.amazonaws.sqs#${decision.type}`, message: `injected ${decision.type}` });
      res.writeHead(decision.status, { 'Content-Type': 'application/x-amz-json-1.0' });
      res.end(error);
      return;
    }
    await this.forward(req, body, res);
  }
}

/** Starts an {@link AwsFaultProxy} on 127.0.0.1, port 0. */
export function startAwsFaultProxy(upstream: string, plan: FaultPlan): Promise<AwsFaultProxy> {
  return new AwsFaultProxy(upstream, plan).listen();
}
