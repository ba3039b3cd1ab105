/**
 * The integration and method responses of one ingest route: success with the route's reply
 * status and body, the service's refusals and failures mapped as the local face maps them, CORS
 * headers for allowed origins on every one of them.
 */
import type { IntegrationResponse, MethodResponse } from 'aws-cdk-lib/aws-apigateway';
import type { CorsConfig } from '../../core/config-schema.js';
import { REST_ERROR_RESPONSES, REST_METHOD_STATUSES, REST_RESPONSE_HEADERS } from './rest-ingest-defaults.js';
import type { RestRoutePlan } from './rest-route-plan.js';
import { corsStaticHeaders, corsVtl } from './vtl/cors-vtl.js';
import { errorTemplate } from './vtl/response-templates.js';
import { VTL_PRELUDE } from './vtl/vtl-text.js';

const JSON_TYPE = 'application/json';

/**
 * Integration responses for a planned route.
 *
 * @example
 * ```ts
 * new AwsIntegration({ service: 'sns', path: '/', options: { integrationResponses: integrationResponses(plan), … } });
 * ```
 * @internal
 */
export function integrationResponses(plan: RestRoutePlan): IntegrationResponse[] {
  const { route } = plan;
  const service = plan.params.service;
  const cors = route.cors === undefined ? '' : corsVtl(route.cors, route.match.methods, 'actual');
  const template = (body: string): Record<string, string> => ({ [JSON_TYPE]: `${VTL_PRELUDE}\n${cors}${body}` });
  const responseParameters = staticHeaders(route.cors);
  const errors: IntegrationResponse[] = REST_ERROR_RESPONSES.flatMap(({ selectionPattern, statusCode, kind }): IntegrationResponse[] => {
    // S3 throttles with 503 SlowDown and answers errors in XML, so its 503 is told apart by status.
    if (service === 's3' && kind === 'unavailable') {
      return [
        { selectionPattern: '503', statusCode: '503', responseTemplates: template(errorTemplate(service, 'throttled')), responseParameters },
        { selectionPattern: '5(?!03)\\d{2}', statusCode, responseTemplates: template(errorTemplate(service, kind)), responseParameters },
      ];
    }
    return [{ selectionPattern, statusCode, responseTemplates: template(errorTemplate(service, kind)), responseParameters }];
  });
  return [
    {
      statusCode: String(route.reply?.status ?? 200),
      responseTemplates: template(plan.successTemplate),
      responseParameters: { ...responseParameters, ...(service === 's3' && { 'method.response.header.ETag': 'integration.response.header.ETag' }) },
    },
    ...errors,
  ];
}

/**
 * Method responses declaring every status and header the integration responses may give.
 *
 * @internal
 */
export function methodResponses(replyStatus: number): MethodResponse[] {
  const responseParameters = Object.fromEntries(REST_RESPONSE_HEADERS.map((header) => [`method.response.header.${header}`, false]));
  return [String(replyStatus), ...REST_METHOD_STATUSES].map((statusCode) => ({ statusCode, responseParameters }));
}

function staticHeaders(cors: CorsConfig | undefined): Record<string, string> {
  if (cors === undefined) return {};
  return Object.fromEntries(Object.entries(corsStaticHeaders(cors)).map(([name, value]) => [`method.response.header.${name}`, `'${value}'`]));
}
