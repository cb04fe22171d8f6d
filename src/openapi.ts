import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorResponseDto } from './common/http/error-response.dto';

const BEARER = 'bearer';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Oversight tracker API')
    .setDescription(
      'Track the recommendations of policy briefs as items with status, owners and evidence, and report on them. ' +
        'Every route but login, refresh, health and these docs needs `Authorization: Bearer <accessToken>`. ' +
        'Errors always answer `{statusCode, error, message, requestId}`, and every response carries `X-Request-Id`.',
    )
    .setVersion('1')
    .setLicense('Proprietary', 'https://example.org/license')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return completeOperations(document);
}

/**
 * What holds for every operation is stated on every operation: public ones say `security: []`
 * explicitly, and any operation that takes input documents its 400 in the one error shape.
 */
function completeOperations(document: OpenAPIObject): OpenAPIObject {
  const errorSchema = { $ref: getSchemaPath(ErrorResponseDto) };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      op.security ??= [];
      const takesInput = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
      if (takesInput && !op.responses['400']) {
        op.responses['400'] = {
          description: 'Malformed or invalid input (unknown fields included)',
          content: { 'application/json': { schema: errorSchema } },
        };
      }
    }
  }
  return document;
}

/** `/docs` (interactive) and `/docs/openapi.json`, at the root, outside the API prefix. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    useGlobalPrefix: false,
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'Oversight tracker API',
  });
}
