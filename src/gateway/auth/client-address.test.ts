import { describe, expect, it } from 'vitest';
import { clientKey } from './client-address.js';

describe('Function: clientKey', () => {
  it.each([
    { address: '203.0.113.7', key: '203.0.113.7' },
    { address: '::ffff:203.0.113.7', key: '203.0.113.7' },
    { address: '::FFFF:cb00:7107', key: '203.0.113.7' },
    { address: '::1', key: '0:0:0:0::/64' },
    { address: '2001:db8:1:2:3:4:5:6', key: '2001:db8:1:2::/64' },
    { address: '2001:0DB8:0001:0002::ff', key: '2001:db8:1:2::/64' },
    { address: '2001:db8::', key: '2001:db8:0:0::/64' },
    { address: 'fe80::1%eth0', key: 'fe80:0:0:0::/64' },
    { address: '64:ff9b::192.0.2.33', key: '64:ff9b:0:0::/64' },
    { address: undefined, key: '-' },
    { address: 'not-an-address', key: '-' },
  ])('counts $address as $key', ({ address, key }) => {
    expect(clientKey(address)).toBe(key);
  });
});
