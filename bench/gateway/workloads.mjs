/** The three request shapes every configuration is measured with. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIG_BYTES, POST_BODY, USERS_JSON } from './fixtures.mjs';

/**
 * id, label, request, and the answer a working proxy returns (checked before each cell).
 * `small` marks the workloads whose capture-on/off target is 0.85 rather than 0.7.
 */
export const WORKLOADS = [
  { id: 'get-small', label: `GET /users (${USERS_JSON.length} B JSON)`, method: 'GET', path: '/users', status: 200, bytes: USERS_JSON.length, small: true },
  { id: 'post-small', label: `POST /users (${POST_BODY.length} B JSON)`, method: 'POST', path: '/users', body: POST_BODY, status: 201, small: true },
  { id: 'get-256k', label: 'GET /big (256 KB JSON)', method: 'GET', path: '/big', status: 200, bytes: BIG_BYTES, small: false },
];

/**
 * Writes the wrk Lua script a workload needs (POST method, body, content type) into `dir`;
 * undefined for plain GETs.
 *
 * @example
 * wrkScript(WORKLOADS[1], tmpDir); // '/tmp/…/post-small.lua'
 */
export function wrkScript(workload, dir) {
  if (workload.body === undefined) return undefined;
  const file = join(dir, `${workload.id}.lua`);
  // A JSON string literal is also a valid Lua string literal for this ASCII body.
  writeFileSync(file, `wrk.method = "${workload.method}"\nwrk.body = ${JSON.stringify(workload.body)}\nwrk.headers["Content-Type"] = "application/json"\n`);
  return file;
}

/**
 * One request of the workload through `baseUrl`; throws unless the answer is the upstream's.
 *
 * @example
 * await checkWorkload('http://127.0.0.1:9002', WORKLOADS[0]);
 */
export async function checkWorkload(baseUrl, workload) {
  const init = { method: workload.method, signal: AbortSignal.timeout(5_000) };
  if (workload.body !== undefined) Object.assign(init, { body: workload.body, headers: { 'content-type': 'application/json' } });
  const response = await fetch(`${baseUrl}${workload.path}`, init);
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== workload.status || (workload.bytes !== undefined && body.length !== workload.bytes)) {
    throw new Error(
      `${workload.method} ${workload.path} via ${baseUrl}: HTTP ${response.status}, ${body.length} B (expected ${workload.status}, ${workload.bytes ?? 'any'} B)`,
    );
  }
}
