import { randomBytes, scryptSync } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { BasicAuthenticator, parseBasic } from './basic-auth.js';
import { verifyPassword } from './password-hash.js';

const bcryptHash = (password: string, prefix = '$2b$') => prefix + bcrypt.hashSync(password, 4).slice(4);

const scryptHash = (password: string, ab64 = false) => {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 4, r: 8, p: 1 });
  const encode = (bytes: Buffer) => (ab64 ? bytes.toString('base64').replace(/=+$/, '').replace(/\+/g, '.') : bytes.toString('base64'));
  return `$scrypt$ln=4,r=8,p=1$${encode(salt)}$${encode(key)}`;
};

describe('Function: verifyPassword', () => {
  it.each([
    { description: 'bcrypt $2a$', hash: () => bcryptHash('s3cret', '$2a$') },
    { description: 'bcrypt $2b$', hash: () => bcryptHash('s3cret', '$2b$') },
    { description: 'bcrypt $2y$ (htpasswd -B)', hash: () => bcryptHash('s3cret', '$2y$') },
    { description: 'scrypt, standard base64', hash: () => scryptHash('s3cret') },
    { description: 'scrypt, passlib base64', hash: () => scryptHash('s3cret', true) },
  ])('accepts the right password and refuses a wrong one: $description', async ({ hash }) => {
    // Prepare
    const stored = hash();

    // Act
    const right = await verifyPassword('s3cret', stored);
    const wrong = await verifyPassword('s3creT', stored);

    // Assess
    expect([right, wrong]).toEqual([true, false]);
  });

  it('refuses anything that is not a known hash', async () => {
    expect(await verifyPassword('s3cret', 's3cret')).toBe(false);
  });
});

describe('Class: BasicAuthenticator', () => {
  const header = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('verifies configured users and refuses unknown ones and malformed headers', async () => {
    // Prepare
    const basic = new BasicAuthenticator({ type: 'basic', realm: 'ops', users: { ops: bcryptHash('pw'), ci: scryptHash('token:with:colons') } });

    // Act
    const verdicts = await Promise.all([
      basic.verify(header('ops', 'pw')),
      basic.verify(header('ci', 'token:with:colons')),
      basic.verify(header('ops', 'nope')),
      basic.verify(header('nobody', 'pw')),
      basic.verify('Bearer abc'),
      basic.verify(undefined),
      basic.verify('Basic !!!'),
    ]);

    // Assess
    expect(verdicts).toEqual([true, true, false, false, false, false, false]);
    expect(basic.challenge).toBe('Basic realm="ops", charset="UTF-8"');
  });

  it('remembers a verdict instead of hashing again', async () => {
    // Prepare
    const basic = new BasicAuthenticator({ type: 'basic', realm: 'x', users: { ops: bcryptHash('pw') } });
    await basic.verify(header('ops', 'pw'));

    // Act
    const started = performance.now();
    for (let i = 0; i < 200; i += 1) await basic.verify(header('ops', 'pw'));
    const perCall = (performance.now() - started) / 200;

    // Assess
    expect(perCall).toBeLessThan(0.5);
  });
});

describe('Function: parseBasic', () => {
  it('splits at the first colon and accepts any case of the scheme', () => {
    expect(parseBasic(`bAsIc ${Buffer.from('a:b:c').toString('base64')}`)).toEqual({ user: 'a', password: 'b:c' });
  });
});
