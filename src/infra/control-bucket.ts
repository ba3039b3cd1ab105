import { RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The bucket for what the deployment itself writes: the proxy's route map and the attach
 * snapshots of the original integrations. Unlike the payload bucket nothing here expires, and it
 * is versioned, so an overwritten route map or snapshot can always be recovered. Public access
 * blocked, S3-managed encryption, TLS required, ACLs off.
 *
 * @example
 * ```ts
 * const control = new ControlBucket(stack, 'Control');
 * control.bucket.arnForObjects('sluice/route-map.json');
 * ```
 */
export class ControlBucket extends Construct {
  public readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // Deleted with the stack; CloudFormation deletes only an empty bucket, and `sluice deploy
      // --destroy` empties it first (no autoDeleteObjects: its custom resource is one more Lambda
      // with s3:* rights on the bucket).
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
