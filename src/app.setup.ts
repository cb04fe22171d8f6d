import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { BadRequestException, INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { DataSourceOptions } from 'typeorm';
import { AppModule } from './app.module';
import { toErrorBody } from './common/http/error-body';
import { requestIdOf } from './common/http/request-id';
import { clientErrorHandler, requestTimeouts } from './common/http/client-error';
import { AppConfig } from './config/app-config';
import { MAX_ATTACHMENT_BYTES } from './evidence/attachment-type';
import { setupOpenApi } from './openapi';
import { serveWebInterface } from './web/serve-web';

export const API_PREFIX = 'api/v1';

/**
 * Builds the HTTP application exactly as it runs in production; main.ts and the end-to-end tests
 * both come through here, so the tests exercise the real pipeline.
 */
export async function createApp(config: AppConfig, database: DataSourceOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    // Requests over a keep-alive connection during shutdown get 503 rather than hanging.
    return503OnClosing: true,
    // A client sending its request slowly is cut off (408), in the error shape like the parser's other refusals.
    ...requestTimeouts(config.REQUEST_TIMEOUT_MS),
    clientErrorHandler,
    // A URL that cannot be decoded, or a path parameter past the router's length limit, is refused
    // before any hook or filter runs: answered here, in the one error shape with the request id.
    frameworkErrors: (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const requestId = requestIdOf(request.raw);
      const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'The URL is malformed';
      const body = toErrorBody(new BadRequestException(message), requestId);
      void reply.status(body.statusCode).header('x-request-id', requestId).header('content-type', 'application/json; charset=utf-8').send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, database), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', requestIdOf(request.raw));
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The API docs page (Swagger UI) styles itself inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // Served over plain HTTP on a laptop; TLS belongs to the proxy in front in production.
        upgradeInsecureRequests: null,
      },
    },
  });
  // Evidence attachments: one file of at most 10 MiB per request (the route checks the type by its bytes).
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
  app.enableCors({
    origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false,
    exposedHeaders: ['X-Request-Id', 'ETag', 'Retry-After'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'X-Request-Id'],
    maxAge: 600,
  });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  setupOpenApi(app);
  await serveWebInterface(app);
  return app;
}

export type App = INestApplication;
