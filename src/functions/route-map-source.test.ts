import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../aws/s3-client.js';
import { routeMapsFromEnv, S3RouteMaps } from './route-map-source.js';

const MAP = JSON.stringify({ version: 1, routes: [{ method: 'GET', resource: '/users', uri: 'https://backend.example.com/users' }] });

/** An object store in memory that counts reads and can fail them. */
function memoryStore(objects: Record<string, string>): ObjectStore & { reads: string[]; failNext: boolean } {
  return {
    reads: [],
    failNext: false,
    put: (_, key, body) => Promise.resolve(void (objects[key] = String(body))),
    get(_, key) {
      this.reads.push(key);
      if (this.failNext) {
        this.failNext = false;
        return Promise.reject(Object.assign(new Error('slow down'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }));
      }
      const found = objects[key];
      if (found === undefined)
        return Promise.reject(Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }));
      return Promise.resolve(Buffer.from(found));
    },
    delete: (_, key) => Promise.resolve(void delete objects[key]),
    destroy: () => undefined,
  };
}

describe('Class: S3RouteMaps', () => {
  it('reads each API and stage from its own key, once', async () => {
    // Prepare
    const store = memoryStore({ 'maps/a1b2c3d4e5/prod.json': MAP });
    const maps = new S3RouteMaps({ objects: () => store, maps: { bucket: 'control', prefix: 'maps/' } });

    // Act
    const first = await maps.forApi('a1b2c3d4e5', 'prod');
    const again = await maps.forApi('a1b2c3d4e5', 'prod');

    // Assess
    expect(first?.size).toBe(1);
    expect(again).toBe(first);
    expect(store.reads).toEqual(['maps/a1b2c3d4e5/prod.json']);
  });

  it('asks again for a missing map only after the miss has aged, and never for a name S3 keys cannot hold', async () => {
    // Prepare
    let now = 0;
    const objects: Record<string, string> = {};
    const store = memoryStore(objects);
    const maps = new S3RouteMaps({ objects: () => store, maps: { bucket: 'control', prefix: 'maps/' }, missTtlMs: 1000, now: () => now });

    // Act
    const missing = await maps.forApi('a1b2c3d4e5', 'prod');
    objects['maps/a1b2c3d4e5/prod.json'] = MAP;
    const stillRemembered = await maps.forApi('a1b2c3d4e5', 'prod');
    now = 1000;
    const found = await maps.forApi('a1b2c3d4e5', 'prod');
    const traversal = await maps.forApi('..', 'prod');

    // Assess
    expect(missing).toBeUndefined();
    expect(stillRemembered).toBeUndefined();
    expect(found?.size).toBe(1);
    expect(traversal).toBeUndefined();
    expect(store.reads).toEqual(['maps/a1b2c3d4e5/prod.json', 'maps/a1b2c3d4e5/prod.json']);
  });

  it('does not remember a failed read', async () => {
    // Prepare
    const store = memoryStore({ 'maps/a1b2c3d4e5/prod.json': MAP });
    const maps = new S3RouteMaps({ objects: () => store, maps: { bucket: 'control', prefix: 'maps/' } });
    store.failNext = true;

    // Act
    const failed = maps.forApi('a1b2c3d4e5', 'prod');

    // Assess
    await expect(failed).rejects.toThrow('slow down');
    expect((await maps.forApi('a1b2c3d4e5', 'prod'))?.size).toBe(1);
  });
});

describe('Function: routeMapsFromEnv', () => {
  it.each([
    { description: 'nothing set', env: {}, path: 'SLUICE_ROUTE_MAPS_URI' },
    { description: 'a prefix without its slash', env: { SLUICE_ROUTE_MAPS_URI: 's3://control/maps' }, path: 'SLUICE_ROUTE_MAPS_URI' },
    { description: 'a legacy URI that is not s3://', env: { SLUICE_ROUTE_MAP_URI: 'https://control/map.json' }, path: 'SLUICE_ROUTE_MAP_URI' },
  ])('fails the init naming the variable: $description', ({ env, path }) => {
    // Act
    const attempt = (): unknown => routeMapsFromEnv(env, () => memoryStore({}));

    // Assess
    expect(attempt).toThrow(expect.objectContaining({ code: 'SLUICE_CONFIG_INVALID', issues: [expect.objectContaining({ path })] }));
  });

  it('reads nothing at init', () => {
    // Prepare
    const store = memoryStore({});

    // Act
    routeMapsFromEnv({ SLUICE_ROUTE_MAPS_URI: 's3://control/maps/', SLUICE_ROUTE_MAP_URI: 's3://control/map.json' }, () => store);

    // Assess
    expect(store.reads).toEqual([]);
  });
});
