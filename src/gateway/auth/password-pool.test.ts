import { once } from 'node:events';
import { randomBytes, scryptSync } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { acquirePasswordPool, defaultPasswordThreads, PasswordPool, sharedPasswordPoolStats } from './password-pool.js';

const bcryptHash = (password: string, prefix = '$2b$', cost = 4) => prefix + bcrypt.hashSync(password, cost).slice(4);

const scryptHash = (password: string, ab64 = false) => {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 4, r: 8, p: 1 });
  const encode = (bytes: Buffer) => (ab64 ? bytes.toString('base64').replace(/=+$/, '').replace(/\+/g, '.') : bytes.toString('base64'));
  return `$scrypt$ln=4,r=8,p=1$${encode(salt)}$${encode(key)}`;
};

describe('Class: PasswordPool', () => {
  const pools: PasswordPool[] = [];
  const newPool = (options?: ConstructorParameters<typeof PasswordPool>[0]) => {
    const pool = new PasswordPool(options);
    pools.push(pool);
    return pool;
  };

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  it.each([
    { description: 'bcrypt $2a$', hash: () => bcryptHash('s3cret', '$2a$') },
    { description: 'bcrypt $2b$', hash: () => bcryptHash('s3cret', '$2b$') },
    { description: 'bcrypt $2y$ (htpasswd -B)', hash: () => bcryptHash('s3cret', '$2y$') },
    { description: 'scrypt, standard base64', hash: () => scryptHash('s3cret') },
    { description: 'scrypt, passlib base64', hash: () => scryptHash('s3cret', true) },
  ])('accepts the right password and refuses a wrong one: $description', async ({ hash }) => {
    // Prepare
    const pool = newPool();
    const stored = hash();

    // Act
    const verdicts = await Promise.all([pool.verify('s3cret', stored), pool.verify('s3creT', stored)]);

    // Assess
    expect(verdicts).toEqual([true, false]);
  });

  it('refuses anything that is not a known hash, without a thread', async () => {
    // Prepare
    const pool = newPool();

    // Act
    const verdict = await pool.verify('s3cret', 's3cret');

    // Assess
    expect(verdict).toBe(false);
    expect(pool.stats()).toMatchObject({ checks: 0, threads: [] });
  });

  it('starts no thread before the first check', () => {
    // Act
    const pool = newPool();

    // Assess
    expect(pool.stats().threads).toHaveLength(0);
  });

  it('refuses with SLUICE_AUTH_BUSY once its threads and queue are full, and takes checks again after', async () => {
    // Prepare: one check running and one queued (counted at once, before any hash is done)
    const pool = newPool({ threads: 1, maxQueue: 1 });
    const hash = bcryptHash('s3cret');
    const running = [pool.verify('a', hash), pool.verify('b', hash)];

    // Act
    const refused = pool.verify('c', hash);

    // Assess
    await expect(refused).rejects.toMatchObject({ name: 'AuthBusyError', code: 'SLUICE_AUTH_BUSY', statusCode: 503 });
    expect(await Promise.all(running)).toEqual([false, false]);
    expect(await pool.verify('s3cret', hash)).toBe(true);
  });

  it('ends its threads on close and refuses checks after it', async () => {
    // Prepare
    const pool = newPool();
    await pool.verify('s3cret', bcryptHash('s3cret'));
    const [thread] = pool.stats().threads;
    const exited = once(thread!, 'exit');

    // Act
    await pool.close();

    // Assess
    await exited;
    expect(pool.stats().threads).toHaveLength(0);
    await expect(pool.verify('s3cret', bcryptHash('s3cret'))).rejects.toMatchObject({ code: 'SLUICE_CLOSED' });
  });
});

describe('Function: acquirePasswordPool', () => {
  it('shares one pool between leases and closes it with the last release', async () => {
    // Prepare
    const first = acquirePasswordPool();
    const second = acquirePasswordPool();
    await Promise.all([first.verify('s3cret', bcryptHash('s3cret')), second.verify('s3cret', bcryptHash('s3cret'))]);
    const shared = sharedPasswordPoolStats();

    // Act
    await first.release();
    await first.release();
    const afterFirst = sharedPasswordPoolStats();
    await second.release();

    // Assess
    expect(shared).toMatchObject({ users: 2, checks: 2 });
    expect(afterFirst).toMatchObject({ users: 1 });
    expect(sharedPasswordPoolStats()).toBeUndefined();
  });
});

describe('Function: defaultPasswordThreads', () => {
  it.each([
    { cores: 1, threads: 1 },
    { cores: 2, threads: 1 },
    { cores: 4, threads: 3 },
    { cores: 64, threads: 4 },
  ])('leaves the event loop a core of its own: $cores cores → $threads', ({ cores, threads }) => {
    expect(defaultPasswordThreads(cores)).toBe(threads);
  });
});
