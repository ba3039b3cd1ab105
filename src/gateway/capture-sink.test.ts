import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureMeta } from '../../test/helpers/capture-meta.js';
import { decodeFrame, encodeFrame, type CaptureMeta } from '../core/capture-frame.js';
import { toDeliverable } from '../core/capture-record.js';
import { FieldNames } from '../core/field-names.js';
import type { SendMessageInput } from '../queue/types.js';
import { QueueCaptureSink, type QueueCaptureSinkOptions } from './capture-sink.js';
import { CaptureTap, type CapturedExchange, type CapturePolicy } from './capture-tap.js';

const POLICY: CapturePolicy = { maxBodyBytes: 200_000, redactHeaders: new Set(), redactQuery: new FieldNames([]), bodyFields: undefined };
const REQUEST = { route: 'users', method: 'POST', host: 'api.example.com', path: '/users', query: '', rawHeaders: ['Host', 'api.example.com'] };

/** A queue that records what it is sent and answers with `answer` (by default: at once, durable). */
function fakeQueue(binaryPayloads: boolean, answer: (input: SendMessageInput) => Promise<string> = async (input) => input.id ?? '') {
  const sent: SendMessageInput[] = [];
  return {
    sent,
    queue: {
      limits: { maxReceiveBatch: 10, maxMessageBytes: 1 << 20, binaryPayloads },
      send: (input: SendMessageInput) => {
        sent.push(input);
        return answer(input);
      },
    },
  };
}

function sinkFor(queue: QueueCaptureSinkOptions['queue'], overrides: Partial<QueueCaptureSinkOptions> = {}) {
  const failed = vi.fn<NonNullable<QueueCaptureSinkOptions['failed']>>();
  const sink = new QueueCaptureSink({ queue, onFailure: 'release', failed, ...overrides });
  return { sink, failed };
}

function captured(meta: CaptureMeta, request: readonly Buffer[], response: readonly Buffer[]): CapturedExchange {
  return { meta, requestChunks: request, responseChunks: response };
}

describe('Class: QueueCaptureSink', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a queue that carries bytes the frame as parts, large body chunks by reference', async () => {
    // Prepare
    const { queue, sent } = fakeQueue(true);
    const { sink } = sinkFor(queue);
    const meta = captureMeta();
    const response = [Buffer.alloc(100_000, 1), Buffer.alloc(50_000, 2)];

    // Act
    await sink.write(captured(meta, [Buffer.from('{"name":"x"}')], response));

    // Assess
    expect(sent).toHaveLength(1);
    const parts = sent[0]!.body as readonly Buffer[];
    expect(sent[0]!.id).toBe(meta.id);
    expect(parts).toContain(response[0]);
    expect(parts).toContain(response[1]);
    expect(Buffer.concat(parts).equals(encodeFrame(meta, [Buffer.from('{"name":"x"}')], response))).toBe(true);
    expect(decodeFrame(Buffer.concat(parts)).meta).toEqual(meta);
  });

  const utf8 = (...texts: string[]): Buffer[] => texts.map((text) => Buffer.from(text, 'utf8'));
  describe.each([
    { description: 'JSON bodies in several chunks', meta: captureMeta(), request: utf8('{"name":', '"morpheus"}'), response: utf8('{"id":"573"}') },
    { description: 'no bodies', meta: captureMeta({ query: '' }), request: [], response: [] },
    {
      description: 'a binary body',
      meta: captureMeta({ response_headers: ['Content-Type', 'image/png'] }),
      request: [],
      response: [Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from([0x00, 0xff])],
    },
    { description: 'a body cut at the capture limit', meta: captureMeta({ body_truncated: true }), request: utf8('{"name":"mor'), response: [] },
    {
      description: 'a header with a lone surrogate (the frame falls back to SLC1)',
      meta: captureMeta({ request_headers: ['X-Odd', 'a\ud800b'] }),
      request: utf8('plain'),
      response: [],
    },
    {
      description: 'U+FFFF in a text body and repeated headers',
      meta: captureMeta({ request_headers: ['Content-Type', 'text/plain', 'X-A', '1', 'x-a', '2'] }),
      request: utf8('a\uffffb'),
      response: utf8('ok'),
    },
  ])('a queue that carries text only, $description', ({ meta, request, response }) => {
    it('is sent the record JSON that rendering the frame gives, with the record id', async () => {
      // Prepare
      const { queue, sent } = fakeQueue(false);
      const { sink } = sinkFor(queue);

      // Act
      await sink.write(captured(meta, request, response));

      // Assess
      expect(sent).toHaveLength(1);
      expect(sent[0]!.id).toBe(meta.id);
      expect(typeof sent[0]!.body).toBe('string');
      expect(sent[0]!.body).toBe(toDeliverable(encodeFrame(meta, request, response)).json);
    });
  });

  it('commits a capture and reports no failure', async () => {
    // Prepare
    const { queue } = fakeQueue(false);
    const { sink, failed } = sinkFor(queue);
    const tap = new CaptureTap(POLICY, sink.write, REQUEST);

    // Act
    const committed = await sink.commit(tap);

    // Assess
    expect(committed).toBe(true);
    expect(failed).not.toHaveBeenCalled();
  });

  it('gives up on a capture after the timeout, reports it and releases the client', async () => {
    // Prepare
    vi.useFakeTimers();
    const { queue } = fakeQueue(false, () => new Promise<string>(() => {}));
    const { sink, failed } = sinkFor(queue, { timeoutMs: 5_000 });
    const tap = new CaptureTap(POLICY, sink.write, REQUEST);

    // Act
    const committed = sink.commit(tap);
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess
    await expect(committed).resolves.toBe(false);
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'SLUICE_ERROR' }), tap, true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits for a slow queue without a timeout', async () => {
    // Prepare
    vi.useFakeTimers();
    let durable: (id: string) => void = () => {};
    const { queue } = fakeQueue(false, () => new Promise<string>((resolve) => (durable = resolve)));
    const { sink, failed } = sinkFor(queue);
    const tap = new CaptureTap(POLICY, sink.write, REQUEST);

    // Act
    const committed = sink.commit(tap);
    await vi.advanceTimersByTimeAsync(600_000);
    durable(tap.id);

    // Assess
    await expect(committed).resolves.toBe(true);
    expect(failed).not.toHaveBeenCalled();
  });

  it.each([
    { onFailure: 'release' as const, released: true },
    { onFailure: 'fail' as const, released: false },
  ])('settles a failed capture by on_failure: $onFailure', async ({ onFailure, released }) => {
    // Prepare
    const failure = Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' });
    const { queue } = fakeQueue(true, () => Promise.reject(failure));
    const { sink, failed } = sinkFor(queue, { onFailure });
    const tap = new CaptureTap(POLICY, sink.write, REQUEST);

    // Act
    const settled = await tap.commit().then(
      () => undefined,
      (error: unknown) => sink.settle(error, tap),
    );

    // Assess
    expect(settled).toBe(released);
    expect(failed).toHaveBeenCalledWith(failure, tap, released);
  });

  it('rejects a commit that failed when on_failure is fail', async () => {
    // Prepare
    const failure = new Error('queue unreachable');
    const { queue } = fakeQueue(false, () => Promise.reject(failure));
    const { sink } = sinkFor(queue, { onFailure: 'fail' });
    const tap = new CaptureTap(POLICY, sink.write, REQUEST);

    // Act
    const committed = sink.commit(tap);

    // Assess
    await expect(committed).rejects.toBe(failure);
  });
});
