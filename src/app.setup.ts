import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import type { IncomingMessage } from 'node:http';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { DataSourceOptions } from 'typeorm';
import { AppModule } from './app.module';
import { requestIdOf } from './common/http/request-id';
import { AppConfig } from './config/app-config';
import { MAX_ATTACHMENT_BYTES } from './evidence/attachment-type';
import { setupOpenApi } from './openapi';

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
  return app;
}

export type App = INestApplication;
