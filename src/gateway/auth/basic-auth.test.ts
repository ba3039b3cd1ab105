import { describe, expect, it } from 'vitest';
import { AuthBusyError } from '../../core/errors.js';
import { BasicAuthenticator, parseBasic, type BasicAuthSettings } from './basic-auth.js';
import type { PasswordVerifier } from './password-pool.js';

const OPS_HASH = '$2y$05$opsopsopsopsopsopsopsuAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const CI_HASH = '$2y$05$cicicicicicicicicicicuBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

const header = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A verifier that knows one password per hash and records every check it was asked for. */
class FakeVerifier implements PasswordVerifier {
  readonly checks: { password: string; hash: string }[] = [];
  /** When set, checks wait for it before answering. */
  gate: Promise<void> | undefined;
  failWith: Error | undefined;

  constructor(readonly passwords: Record<string, string>) {}

  async verify(password: string, hash: string): Promise<boolean> {
    this.checks.push({ password, hash });
    await this.gate;
    if (this.failWith !== undefined) throw this.failWith;
    return this.passwords[hash] === password;
  }
}

function setup(settings: Partial<BasicAuthSettings> = {}) {
  const verifier = new FakeVerifier({ [OPS_HASH]: 'pw', [CI_HASH]: 'token:with:colons' });
  const clock = { now: 1_000_000 };
  const basic = new BasicAuthenticator({ realm: 'ops', users: { ops: OPS_HASH, ci: CI_HASH }, ...settings }, { verifier, now: () => clock.now });
  return { verifier, clock, basic };
}

describe('Class: BasicAuthenticator', () => {
  it('allows configured users and refuses wrong passwords, unknown users and malformed headers', async () => {
    // Prepare
    const { basic } = setup();
    const client = '127.0.0.1';

    // Act
    const verdicts = await Promise.all([
      basic.authenticate(header('ops', 'pw'), client),
      basic.authenticate(header('ci', 'token:with:colons'), client),
      basic.authenticate(header('ops', 'nope'), client),
      basic.authenticate(header('nobody', 'pw'), client),
      basic.authenticate('Bearer abc', client),
      basic.authenticate(undefined, client),
      basic.authenticate('Basic !!!', client),
    ]);

    // Assess
    expect(verdicts.map((verdict) => verdict.outcome)).toEqual(['allowed', 'allowed', 'denied', 'denied', 'missing', 'missing', 'missing']);
    expect(basic.challenge).toBe('Basic realm="ops", charset="UTF-8"');
  });

  it('checks an unknown user against a real hash, so it costs as much as a known one', async () => {
    // Prepare
    const { basic, verifier } = setup();

    // Act
    const verdict = await basic.authenticate(header('nobody', 'pw'), '127.0.0.1');

    // Assess
    expect(verdict.outcome).toBe('denied');
    expect(verifier.checks).toEqual([{ password: 'pw', hash: OPS_HASH }]);
  });

  it('remembers a success for 5 minutes instead of checking again', async () => {
    // Prepare
    const { basic, verifier, clock } = setup();
    await basic.authenticate(header('ops', 'pw'), '127.0.0.1');

    // Act
    const cached = await basic.authenticate(header('ops', 'pw'), '192.0.2.1');
    clock.now += 5 * 60_000;
    const expired = await basic.authenticate(header('ops', 'pw'), '127.0.0.1');

    // Assess
    expect([cached.outcome, expired.outcome]).toEqual(['allowed', 'allowed']);
    expect(verifier.checks).toHaveLength(2);
  });

  it('never remembers a failure: the same wrong password is checked again', async () => {
    // Prepare
    const { basic, verifier } = setup();
    await basic.authenticate(header('ops', 'wrong'), '127.0.0.1');

    // Act
    const again = await basic.authenticate(header('ops', 'wrong'), '127.0.0.1');

    // Assess
    expect(again.outcome).toBe('denied');
    expect(verifier.checks).toHaveLength(2);
  });

  it('shares one check between concurrent requests with the same credentials', async () => {
    // Prepare
    const { basic, verifier } = setup();
    let open!: () => void;
    verifier.gate = new Promise((resolve) => (open = resolve));

    // Act
    const pending = Array.from({ length: 20 }, () => basic.authenticate(header('ops', 'pw'), '127.0.0.1'));
    open();
    const verdicts = await Promise.all(pending);

    // Assess
    expect(new Set(verdicts.map((verdict) => verdict.outcome))).toEqual(new Set(['allowed']));
    expect(verifier.checks).toHaveLength(1);
  });

  it('refuses an address with 429 after max_failures, without checking, until its window ends', async () => {
    // Prepare
    const { basic, verifier, clock } = setup({ max_failures: 3, failure_window: 60_000 });
    const denied = [];
    for (let i = 0; i < 3; i += 1) denied.push(await basic.authenticate(header('ops', `guess-${i}`), '203.0.113.7'));
    clock.now += 20_000;

    // Act
    const limited = await basic.authenticate(header('ops', 'guess-3'), '203.0.113.7');
    const rightPassword = await basic.authenticate(header('ops', 'pw'), '203.0.113.7');
    const otherAddress = await basic.authenticate(header('ops', 'pw'), '203.0.113.8');
    clock.now += 40_000;
    const afterWindow = await basic.authenticate(header('ops', 'guess-4'), '203.0.113.7');

    // Assess
    expect(denied.map((verdict) => verdict.outcome === 'denied' && verdict.failure)).toEqual([
      { failures: 1, limitReached: false, windowLeftSeconds: 60 },
      { failures: 2, limitReached: false, windowLeftSeconds: 60 },
      { failures: 3, limitReached: true, windowLeftSeconds: 60 },
    ]);
    expect(limited).toEqual({ outcome: 'limited', retryAfterSeconds: 40 });
    expect(rightPassword).toEqual({ outcome: 'limited', retryAfterSeconds: 40 });
    expect(otherAddress.outcome).toBe('allowed');
    expect(afterWindow).toMatchObject({ outcome: 'denied', failure: { failures: 1 } });
    expect(verifier.checks.map((check) => check.password)).toEqual(['guess-0', 'guess-1', 'guess-2', 'pw', 'guess-4']);
  });

  it('refuses a cached success too while the address is over its limit', async () => {
    // Prepare: the right password is in the cache, then the address guesses too often.
    const { basic } = setup({ max_failures: 2 });
    await basic.authenticate(header('ops', 'pw'), '203.0.113.7');
    await basic.authenticate(header('ops', 'x'), '203.0.113.7');
    await basic.authenticate(header('ops', 'y'), '203.0.113.7');

    // Act
    const verdict = await basic.authenticate(header('ops', 'pw'), '203.0.113.7');

    // Assess
    expect(verdict.outcome).toBe('limited');
  });

  it('counts checks under way, so a burst cannot get more than max_failures checks in', async () => {
    // Prepare
    const { basic, verifier } = setup({ max_failures: 3 });
    let open!: () => void;
    verifier.gate = new Promise((resolve) => (open = resolve));

    // Act
    const pending = Array.from({ length: 10 }, (_, i) => basic.authenticate(header('ops', `guess-${i}`), '203.0.113.7'));
    open();
    const verdicts = await Promise.all(pending);

    // Assess
    expect(verifier.checks).toHaveLength(3);
    expect(verdicts.filter((verdict) => verdict.outcome === 'limited')).toHaveLength(7);
  });

  it('does not count requests without credentials, or a success, against the address', async () => {
    // Prepare
    const { basic } = setup({ max_failures: 2 });
    await basic.authenticate(header('ops', 'wrong'), '203.0.113.7');
    for (let i = 0; i < 5; i += 1) await basic.authenticate(undefined, '203.0.113.7');

    // Act
    const success = await basic.authenticate(header('ops', 'pw'), '203.0.113.7');
    const second = await basic.authenticate(header('ops', 'wrong-again'), '203.0.113.7');

    // Assess
    expect(success.outcome).toBe('allowed');
    expect(second).toMatchObject({ outcome: 'denied', failure: { failures: 2, limitReached: true } });
  });

  it('counts IPv6 clients by their /64', async () => {
    // Prepare
    const { basic } = setup({ max_failures: 1 });
    await basic.authenticate(header('ops', 'wrong'), '2001:db8:1:2::1');

    // Act
    const sameNetwork = await basic.authenticate(header('ops', 'pw'), '2001:db8:1:2:ffff::9');
    const otherNetwork = await basic.authenticate(header('ops', 'pw'), '2001:db8:1:3::1');

    // Assess
    expect([sameNetwork.outcome, otherNetwork.outcome]).toEqual(['limited', 'allowed']);
  });

  it('rejects with SLUICE_AUTH_BUSY when the pool is saturated, without counting a failure', async () => {
    // Prepare
    const { basic, verifier } = setup({ max_failures: 1 });
    verifier.failWith = new AuthBusyError('busy');

    // Act
    const busy = basic.authenticate(header('ops', 'pw'), '203.0.113.7');

    // Assess
    await expect(busy).rejects.toMatchObject({ code: 'SLUICE_AUTH_BUSY', statusCode: 503 });
    verifier.failWith = undefined;
    expect((await basic.authenticate(header('ops', 'pw'), '203.0.113.7')).outcome).toBe('allowed');
  });
});

describe('Function: parseBasic', () => {
  it('splits at the first colon and accepts any case of the scheme', () => {
    expect(parseBasic(`bAsIc ${Buffer.from('a:b:c').toString('base64')}`)).toEqual({ user: 'a', password: 'b:c' });
  });
});
