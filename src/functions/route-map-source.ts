import { isNotFound } from '../aws/aws-errors.js';
import { parseS3Uri, type ObjectStore } from '../aws/s3-client.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { routeMapKey } from '../core/route-map-keys.js';
import { RouteMap } from './route-map.js';

/** Finds the route map of the API and stage an event came from. */
export interface RouteMapLookup {
  /**
   * The map for an API's stage, `undefined` when it has none.
   *
   * @throws when the map exists but cannot be read or is invalid (the request fails, not the init).
   */
  forApi(apiId: string, stage: string): Promise<RouteMap | undefined>;
}

/**
 * One map for every API and stage: `SLUICE_ROUTE_MAP`'s, or a map built in code.
 *
 * @example
 * ```ts
 * const routes = new FixedRouteMap(RouteMap.parse(text, 'SLUICE_ROUTE_MAP'));
 * ```
 */
export class FixedRouteMap implements RouteMapLookup {
  readonly #map: RouteMap;

  constructor(map: RouteMap) {
    this.#map = map;
  }

  forApi(): Promise<RouteMap> {
    return Promise.resolve(this.#map);
  }
}

export interface S3RouteMapsOptions {
  readonly objects: () => ObjectStore;
  /** The per-API maps: `<prefix><apiId>/<stage>.json` in `bucket`. */
  readonly maps?: { readonly bucket: string; readonly prefix: string };
  /** The single map of earlier versions, read when an API has no map of its own. */
  readonly legacy?: { readonly bucket: string; readonly key: string };
  /** How long a missing map is remembered before S3 is asked again. @default 60000 */
  readonly missTtlMs?: number;
  readonly now?: () => number;
}

/**
 * The route maps attach writes to the control bucket, one per API and stage (SPEC §5). Each is
 * read on the first request that needs it, not at init (a cold start pays for no S3 call), then
 * kept for the life of the execution environment: attach writes a map before it points any
 * method at the function. A map that is missing is asked for again after `missTtlMs`, so an API
 * attached while the environment was warm is picked up; a read that fails is not remembered.
 *
 * @example
 * ```ts
 * const routes = new S3RouteMaps({ objects: () => store, maps: { bucket: 'control', prefix: 'sluice/route-maps/' } });
 * const map = await routes.forApi('a1b2c3d4e5', 'prod');
 * ```
 */
export class S3RouteMaps implements RouteMapLookup {
  readonly #options: S3RouteMapsOptions;
  readonly #found = new Map<string, Promise<RouteMap | undefined>>();
  readonly #missed = new Map<string, number>();
  #legacy: Promise<RouteMap | undefined> | undefined;

  constructor(options: S3RouteMapsOptions) {
    this.#options = options;
  }

  forApi(apiId: string, stage: string): Promise<RouteMap | undefined> {
    const { maps } = this.#options;
    const key = maps === undefined ? undefined : routeMapKey(apiId, stage, maps.prefix);
    if (maps === undefined || key === undefined) return this.#legacyMap();
    const now = (this.#options.now ?? Date.now)();
    const missedAt = this.#missed.get(key);
    if (missedAt !== undefined && now - missedAt < (this.#options.missTtlMs ?? 60_000)) return this.#legacyMap();
    let pending = this.#found.get(key);
    if (pending === undefined) {
      pending = this.#read(maps.bucket, key).then((map) => {
        if (map !== undefined) {
          this.#missed.delete(key);
          return map;
        }
        this.#found.delete(key);
        this.#missed.set(key, now);
        return this.#legacyMap();
      });
      // A failed read is not remembered: the next request tries again.
      pending.catch(() => this.#found.delete(key));
      this.#found.set(key, pending);
    }
    return pending;
  }

  #legacyMap(): Promise<RouteMap | undefined> {
    const { legacy } = this.#options;
    if (legacy === undefined) return Promise.resolve(undefined);
    if (this.#legacy === undefined) {
      this.#legacy = this.#read(legacy.bucket, legacy.key);
      this.#legacy.catch(() => (this.#legacy = undefined));
    }
    return this.#legacy;
  }

  async #read(bucket: string, key: string): Promise<RouteMap | undefined> {
    let text: string;
    try {
      text = (await this.#options.objects().get(bucket, key)).toString('utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    return RouteMap.parse(text, `s3://${bucket}/${key}`);
  }
}

/**
 * The proxy function's route maps, from its environment: `SLUICE_ROUTE_MAP` (one JSON map for
 * every API, parsed now), else `SLUICE_ROUTE_MAPS_URI` (`s3://bucket/prefix/`, one map per API
 * and stage) with `SLUICE_ROUTE_MAP_URI` (`s3://bucket/key`, the single map of earlier
 * versions) as the fallback, both read on first use.
 *
 * @throws ConfigError when none is set or one is malformed (the init fails, which Lambda reports).
 * @example
 * ```ts
 * const routes = routeMapsFromEnv(process.env, () => new S3ObjectStore({ region: process.env.AWS_REGION! }));
 * ```
 */
export function routeMapsFromEnv(env: NodeJS.ProcessEnv, objects: () => ObjectStore): RouteMapLookup {
  if (env.SLUICE_ROUTE_MAP !== undefined && env.SLUICE_ROUTE_MAP !== '') return new FixedRouteMap(RouteMap.parse(env.SLUICE_ROUTE_MAP, 'SLUICE_ROUTE_MAP'));
  const issues: ConfigIssue[] = [];
  const mapsUri = env.SLUICE_ROUTE_MAPS_URI ?? '';
  const legacyUri = env.SLUICE_ROUTE_MAP_URI ?? '';
  const maps = mapsUri === '' ? undefined : /^s3:\/\/([^/]+)\/(.*)$/.exec(mapsUri);
  if (mapsUri !== '' && (maps === null || (maps?.[2] !== '' && !maps?.[2]?.endsWith('/'))))
    issues.push({ path: 'SLUICE_ROUTE_MAPS_URI', message: 'expected s3://bucket/prefix/ (ending in "/")' });
  const legacy = legacyUri === '' ? undefined : parseS3Uri(legacyUri);
  if (legacyUri !== '' && legacy === undefined) issues.push({ path: 'SLUICE_ROUTE_MAP_URI', message: 'expected s3://bucket/key' });
  if (mapsUri === '' && legacyUri === '') {
    issues.push({ path: 'SLUICE_ROUTE_MAPS_URI', message: 'required: s3://bucket/prefix/ (or SLUICE_ROUTE_MAP with the route map as JSON)' });
  }
  if (issues.length > 0) throw new ConfigError('the Lambda environment', issues);
  return new S3RouteMaps({
    objects,
    ...(maps != null && { maps: { bucket: maps[1]!, prefix: maps[2]! } }),
    ...(legacy !== undefined && { legacy }),
  });
}
