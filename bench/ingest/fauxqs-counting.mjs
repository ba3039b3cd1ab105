#!/usr/bin/env node
/**
 * fauxqs as its CLI starts it (request logging on, `FAUXQS_PORT`), plus a count of the SQS
 * actions it served by `X-Amz-Target`, read at `GET /_bench/calls`: the ingest bench's way of
 * showing how many SQS calls each side made per message, measured where they arrive.
 *
 *   FAUXQS_PORT=4566 node bench/ingest/fauxqs-counting.mjs
 *   curl http://127.0.0.1:4566/_bench/calls   # {"AmazonSQS.SendMessage":123,"AmazonSQS.SendMessageBatch":45}
 */
import { buildApp } from 'fauxqs';

const calls = {};
const app = buildApp({ logger: true });
app.addHook('onRequest', (request, _reply, done) => {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') calls[target] = (calls[target] ?? 0) + 1;
  done();
});
app.get('/_bench/calls', (_request, reply) => {
  reply.send(calls);
});
await app.listen({ port: Number(process.env.FAUXQS_PORT ?? 4566), host: '127.0.0.1' });
