import { describe, expect, it } from 'vitest';
import { routeMapKey } from './route-map-keys.js';

describe('Function: routeMapKey', () => {
  it('names one object per API and stage', () => {
    // Assess
    expect(routeMapKey('a1b2c3d4e5', 'prod')).toBe('sluice/route-maps/a1b2c3d4e5/prod.json');
    expect(routeMapKey('a1b2c3d4e5', 'beta_2')).not.toBe(routeMapKey('a1b2c3d4e5', 'prod'));
  });

  it.each(['../x', 'A1B2', 'a/b', ''])('refuses an API id API Gateway would not give: %j', (apiId) => {
    // Assess
    expect(routeMapKey(apiId, 'prod')).toBeUndefined();
  });

  it.each(['../prod', 'p/q', 'p.q', ''])('refuses a stage name API Gateway would not allow: %j', (stage) => {
    // Assess
    expect(routeMapKey('a1b2c3d4e5', stage)).toBeUndefined();
  });
});
