/**
 * The records of the delivery bench: capture frames as the embedded gateway stores them
 * (~1 KB once rendered), with ids fixed by their index so the Sluice run and the bare undici
 * loop move exactly the same records.
 */
import { encodeFrame, renderRecord, decodeFrame } from '../../dist/core/index.js';

const REQUEST_BODY = Buffer.from(
  JSON.stringify({
    name: 'Clementine Bauch',
    username: 'Samantha',
    email: 'Nathan@yesenia.net',
    address: { street: 'Douglas Extension', suite: 'Suite 847', city: 'McKenziehaven', zipcode: '59590-4157' },
    phone: '1-463-123-4447',
  }),
);
const RESPONSE_BODY = Buffer.from(
  JSON.stringify({ id: 11, name: 'Clementine Bauch', username: 'Samantha', email: 'Nathan@yesenia.net', createdAt: '2026-01-01T12:00:00.000Z' }),
);

/** A UUIDv7-shaped id that depends only on `index`. */
export function recordId(index) {
  const hex = index.toString(16).padStart(12, '0');
  return `0190f5c2-7b1e-7c3a-9a51-${hex}`;
}

/** The stored frame of record `index`. */
export function recordFrame(index) {
  const meta = {
    id: recordId(index),
    timestamp: '2026-01-01T12:00:00.000Z',
    duration_ms: 4.2,
    route: 'users',
    from: 'api.example.com',
    endpoint: '/api/v1/users',
    method: 'POST',
    query: 'page=2',
    request_headers: ['Host', 'api.example.com', 'Content-Type', 'application/json', 'User-Agent', 'bench/1.0', 'Authorization', '[REDACTED]'],
    response_headers: ['Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(RESPONSE_BODY.length)],
    status: 201,
    body_truncated: false,
    response_truncated: false,
  };
  return encodeFrame(meta, [REQUEST_BODY], [RESPONSE_BODY]);
}

/** The JSON a destination receives for record `index` (what the bare loop POSTs). */
export function recordJson(index) {
  return JSON.stringify(renderRecord(decodeFrame(recordFrame(index))));
}
