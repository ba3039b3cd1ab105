/**
 * Where the proxy function's route maps live in the control bucket (SPEC §5): one object per
 * REST API and stage, so attaching a second API, or a second stage of one, never overwrites
 * the first one's map. Shared by attach (which writes them), the forwarder stack (which lets
 * the proxy read them) and the proxy function (which finds one from its event).
 */

/** The folder of the per-API route maps, `<prefix><apiId>/<stage>.json`. */
export const ROUTE_MAP_PREFIX = 'sluice/route-maps/';

/**
 * The single route map of versions that attached one API per stack. The proxy still reads it
 * when an API has no map of its own, so a stack upgraded before its API is attached again
 * keeps serving; attaching again writes the per-API map, which then wins.
 */
export const LEGACY_ROUTE_MAP_KEY = 'sluice/route-map.json';

/** API Gateway's REST API ids: ten lower-case letters and digits. */
const API_ID = /^[a-z0-9]{1,32}$/;
/** API Gateway's stage names: letters, digits, `-` and `_` (at most 128). */
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The route map's key for an API and stage, or `undefined` when either name is not one API
 * Gateway allows (an event's names are used as they come, so nothing else may reach a key).
 *
 * @example
 * ```ts
 * routeMapKey('a1b2c3d4e5', 'prod'); // 'sluice/route-maps/a1b2c3d4e5/prod.json'
 * routeMapKey('../x', 'prod'); // undefined
 * ```
 */
export function routeMapKey(apiId: string, stage: string, prefix: string = ROUTE_MAP_PREFIX): string | undefined {
  if (!API_ID.test(apiId) || !STAGE_NAME.test(stage)) return undefined;
  return `${prefix}${apiId}/${stage}.json`;
}
