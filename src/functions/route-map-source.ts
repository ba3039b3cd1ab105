import { parseS3Uri, type ObjectStore } from '../aws/s3-client.js';
import { ConfigError } from '../core/errors.js';
import { RouteMap } from './route-map.js';

/**
 * Reads the proxy function's route map once, at init: from `SLUICE_ROUTE_MAP` (the JSON
 * document itself) or from the S3 object `SLUICE_ROUTE_MAP_URI` names (`s3://bucket/key`).
 *
 * @throws ConfigError when neither is set, or the document is invalid (the init fails, which
 *   Lambda reports, rather than every request).
 * @example
 * ```ts
 * const routes = await loadRouteMap(process.env, new S3ObjectStore({ region: process.env.AWS_REGION! }));
 * ```
 */
export async function loadRouteMap(env: NodeJS.ProcessEnv, objects: () => ObjectStore): Promise<RouteMap> {
  if (env.SLUICE_ROUTE_MAP !== undefined && env.SLUICE_ROUTE_MAP !== '') return RouteMap.parse(env.SLUICE_ROUTE_MAP, 'SLUICE_ROUTE_MAP');
  const uri = env.SLUICE_ROUTE_MAP_URI;
  if (uri === undefined || uri === '') {
    throw new ConfigError('the Lambda environment', [
      { path: 'SLUICE_ROUTE_MAP', message: 'required: the route map (JSON), or SLUICE_ROUTE_MAP_URI=s3://bucket/key' },
    ]);
  }
  const location = parseS3Uri(uri);
  if (location === undefined) throw new ConfigError('the Lambda environment', [{ path: 'SLUICE_ROUTE_MAP_URI', message: 'expected s3://bucket/key' }]);
  const text = (await objects().get(location.bucket, location.key)).toString('utf8');
  return RouteMap.parse(text, uri);
}
