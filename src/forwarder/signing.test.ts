import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { WebhookSigner } from './signing.js';

const SECRET_A = `whsec_${Buffer.from('a'.repeat(32)).toString('base64')}`;
const SECRET_B = `whsec_${Buffer.from('b'.repeat(32)).toString('base64')}`;

function headersFor(signature: string | undefined, id: string, at: Date): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature ?? '' };
}

describe('Class: WebhookSigner', () => {
  it('produces a signature the standardwebhooks library verifies', () => {
    // Prepare
    const signer = new WebhookSigner([SECRET_A]);
    const body = JSON.stringify({ id: 'r1', body: { name: 'morpheus', emoji: '🕶' } });
    const at = new Date();

    // Act
    const signature = signer.sign('r1', at, body);

    // Assess
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(() => new Webhook(SECRET_A).verify(body, headersFor(signature, 'r1', at))).not.toThrow();
  });

  it('signs with every secret while rotating, so receivers on either secret verify', () => {
    // Prepare
    const signer = new WebhookSigner([SECRET_A, SECRET_B]);
    const body = '{"id":"r2"}';
    const at = new Date();

    // Act
    const signature = signer.sign('r2', at, body);

    // Assess
    expect(signature?.split(' ')).toHaveLength(2);
    expect(() => new Webhook(SECRET_A).verify(body, headersFor(signature, 'r2', at))).not.toThrow();
    expect(() => new Webhook(SECRET_B).verify(body, headersFor(signature, 'r2', at))).not.toThrow();
  });

  it('gives a signature that fails for a changed body', () => {
    // Prepare
    const signer = new WebhookSigner([SECRET_A]);
    const at = new Date();

    // Act
    const signature = signer.sign('r3', at, '{"id":"r3","a":1}');

    // Assess
    expect(() => new Webhook(SECRET_A).verify('{"id":"r3","a":2}', headersFor(signature, 'r3', at))).toThrow();
  });

  it.each([
    { description: 'an ASCII record', body: '{"id":"r5","a":1}' },
    { description: 'a record with multi-byte characters', body: JSON.stringify({ id: 'r6', text: 'café 🕶 東京' }) },
    { description: 'a 1 MiB record', body: JSON.stringify({ id: 'r7', body: 'x'.repeat(1024 * 1024) }) },
  ])("produces exactly the library's signature for $description", ({ body }) => {
    // Prepare
    const signer = new WebhookSigner([SECRET_A]);
    const at = new Date('2026-01-01T12:00:00.999Z');

    // Act
    const signature = signer.sign('msg_1', at, body);

    // Assess
    expect(signature).toBe(new Webhook(SECRET_A).sign('msg_1', at, body));
  });

  it('signs nothing without secrets', () => {
    // Prepare
    const signer = new WebhookSigner([]);

    // Act
    const signature = signer.sign('r4', new Date(), '{}');

    // Assess
    expect(signer.enabled).toBe(false);
    expect(signature).toBeUndefined();
  });
});
