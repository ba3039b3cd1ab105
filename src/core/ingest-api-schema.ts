/**
 * The top-level `ingest_api` mapping (issue 13 §2): settings of the native API Gateway API that
 * `sluice synth` builds from the ingest routes, which the local gateway does not read.
 */
import { z } from 'zod';

/** A DNS name such as `hooks.example.com`: lowercase labels, no trailing dot, no wildcard. */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A Route 53 hosted zone id as the console and `aws route53 list-hosted-zones` show it. */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/** @internal */
export const ingestDomainSchema = z.strictObject({
  /** The API's own name, e.g. `hooks.example.com`; its certificate is issued for it. */
  name: z.string().regex(DOMAIN_NAME, 'expected a lowercase DNS name such as hooks.example.com (no trailing dot, no wildcard)'),
  /**
   * The id of the Route 53 public hosted zone that holds `name` (`Z0123456789ABCDEFGHIJ`): the
   * certificate is validated and the alias record written there. An id, not a zone name, so
   * `sluice synth` needs no lookup, no credentials and no network.
   */
  hosted_zone: z.string().regex(HOSTED_ZONE_ID, 'expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ'),
});

/** @internal */
export const ingestApiSchema = z.strictObject({
  /**
   * A custom domain for the native API: an ACM certificate validated through Route 53, an alias
   * record, and the default `execute-api` endpoint disabled, so clients reach it by this name only.
   */
  domain: ingestDomainSchema.optional(),
});

/** The parsed `ingest_api` mapping. */
export type IngestApiConfig = z.output<typeof ingestApiSchema>;
/** The parsed `ingest_api.domain`. */
export type IngestDomainConfig = z.output<typeof ingestDomainSchema>;
