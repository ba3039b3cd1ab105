/**
 * The native API's custom domain (`ingest_api.domain`): an ACM certificate validated through
 * the Route 53 zone, a regional API Gateway domain name with TLS 1.2, and an alias record
 * pointing the name at it. L1 resources throughout: the zone is known by id, so synthesis needs
 * no lookup and no credentials.
 */
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { IngestDomainConfig } from '../../core/ingest-api-schema.js';

/**
 * A custom domain APIs are mapped onto with {@link IngestDomain.mapApi}.
 *
 * @example
 * ```ts
 * const domain = new IngestDomain(this, 'Domain', { name: 'hooks.example.com', hosted_zone: 'Z0123456789ABCDEFGHIJ' });
 * domain.mapApi('Http', api.ref, stage.ref);
 * ```
 */
export class IngestDomain extends Construct {
  public readonly certificate: acm.CfnCertificate;
  public readonly domainName: apigwv2.CfnDomainName;
  public readonly aliasRecord: route53.CfnRecordSet;

  constructor(scope: Construct, id: string, props: IngestDomainConfig) {
    super(scope, id);
    this.certificate = new acm.CfnCertificate(this, 'Certificate', {
      domainName: props.name,
      validationMethod: 'DNS',
      domainValidationOptions: [{ domainName: props.name, hostedZoneId: props.hosted_zone }],
    });
    this.domainName = new apigwv2.CfnDomainName(this, 'DomainName', {
      domainName: props.name,
      domainNameConfigurations: [{ certificateArn: this.certificate.ref, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' }],
    });
    this.aliasRecord = new route53.CfnRecordSet(this, 'AliasRecord', {
      hostedZoneId: props.hosted_zone,
      name: `${props.name}.`,
      type: 'A',
      aliasTarget: { dnsName: this.domainName.attrRegionalDomainName, hostedZoneId: this.domainName.attrRegionalHostedZoneId },
    });
  }

  /**
   * Maps an API's stage onto the domain, at its root unless `key` (a base path) is given.
   *
   * @example
   * ```ts
   * domain.mapApi('Rest', restApi.restApiId, restApi.deploymentStage.stageName, 'v1');
   * ```
   */
  mapApi(id: string, apiId: string, stage: string, key?: string): apigwv2.CfnApiMapping {
    return new apigwv2.CfnApiMapping(this, `${id}Mapping`, {
      apiId,
      domainName: this.domainName.ref,
      stage,
      ...(key !== undefined && { apiMappingKey: key }),
    });
  }
}
