import { RemovalPolicy, type Duration } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Properties of {@link PayloadBucket}. */
export interface PayloadBucketProps {
  /**
   * Objects expire after this: the DLQ's retention, so a dead letter's payload lives as long as
   * the dead letter. @default 14 days
   */
  readonly expiration: Duration;
}

/**
 * The bucket for payloads too large for SQS (SPEC §2): all public access blocked, S3-managed
 * encryption, TLS required, ACLs off, and a lifecycle rule that expires every object after the
 * dead-letter queue's retention (a delivered record's object is deleted at once; this catches
 * the rest). Nothing else lives here, so the rule can cover the whole bucket: the route map and
 * attach snapshots, which must never expire, are in the {@link ControlBucket}.
 *
 * @example
 * ```ts
 * const payloads = new PayloadBucket(stack, 'Payloads', { expiration: Duration.days(14) });
 * payloads.bucket.bucketName;
 * ```
 */
export class PayloadBucket extends Construct {
  public readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: PayloadBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-payloads', enabled: true, expiration: props.expiration, abortIncompleteMultipartUploadAfter: props.expiration }],
      // Deleted with the stack; CloudFormation deletes only an empty bucket, and `sluice deploy
      // --destroy` empties it first (no autoDeleteObjects: its custom resource is one more Lambda
      // with s3:* rights on the bucket).
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
