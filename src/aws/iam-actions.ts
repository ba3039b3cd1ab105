/**
 * API Gateway's control plane authorises by HTTP verb (`apigateway:GET`, `apigateway:PUT`…) on
 * the resource's path, not by operation name: the verb each operation Sluice calls needs.
 */
const API_GATEWAY_VERBS: Readonly<Record<string, string>> = {
  GetRestApi: 'GET',
  GetRestApis: 'GET',
  GetStage: 'GET',
  GetStages: 'GET',
  GetResources: 'GET',
  GetIntegration: 'GET',
  PutIntegration: 'PUT',
  PutIntegrationResponse: 'PUT',
  DeleteIntegration: 'DELETE',
  DeleteIntegrationResponse: 'DELETE',
  CreateDeployment: 'POST',
};

/**
 * The IAM action (and resource) to grant for an API Gateway control-plane operation, as an
 * `AwsAccessError` names it for the deployer's policy.
 *
 * @example
 * ```ts
 * apiGatewayPermission('PutIntegration'); // 'apigateway:PUT (arn:aws:apigateway:REGION::/restapis/*)'
 * ```
 */
export function apiGatewayPermission(operation: string): string {
  return `apigateway:${API_GATEWAY_VERBS[operation] ?? '*'} (arn:aws:apigateway:REGION::/restapis/*)`;
}
