import { describe, expect, it } from 'vitest';
import { forwarderStackDefaults } from '../infra/forwarder-stack-defaults.js';
import { ROUTE_MAP_KEY } from './attach-context.js';

describe('Constant: ROUTE_MAP_KEY', () => {
  it('is where the forwarder stack points the proxy function (SLUICE_ROUTE_MAP_URI)', () => {
    // Assess
    expect(ROUTE_MAP_KEY).toBe(forwarderStackDefaults.routeMapKey);
  });
});
