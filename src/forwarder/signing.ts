import { Webhook } from 'standardwebhooks';

/**
 * Signs deliveries per the Standard Webhooks specification with the `standardwebhooks` library:
 * `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` for each configured secret, space-separated.
 * Several secrets give several entries, so a receiver keeps verifying while secrets rotate
 * (SPEC §3).
 *
 * @example
 * ```ts
 * const signer = new WebhookSigner(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']);
 * const timestamp = new Date();
 * const headers = {
 *   'webhook-id': record.id,
 *   'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
 *   'webhook-signature': signer.sign(record.id, timestamp, json),
 * };
 * ```
 */
export class WebhookSigner {
  readonly #webhooks: readonly Webhook[];

  /** @param secrets `whsec_…` secrets; none means deliveries go unsigned. */
  constructor(secrets: readonly string[]) {
    // Keys are decoded once here, not per delivery.
    this.#webhooks = secrets.map((secret) => new Webhook(secret));
  }

  /** True when at least one secret is configured. */
  get enabled(): boolean {
    return this.#webhooks.length > 0;
  }

  /**
   * The `webhook-signature` header value, or `undefined` when no secret is configured.
   * `body` must be exactly the bytes sent (as a string; it is signed as UTF-8).
   */
  sign(id: string, timestamp: Date, body: string): string | undefined {
    if (this.#webhooks.length === 0) return undefined;
    if (this.#webhooks.length === 1) return this.#webhooks[0]!.sign(id, timestamp, body);
    return this.#webhooks.map((webhook) => webhook.sign(id, timestamp, body)).join(' ');
  }
}
