import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

/** Paths the interface never answers for: the API, its docs and the health checks keep their own 404s. */
const NOT_THE_INTERFACE = /^\/(?:api(?:\/|$)|docs(?:\/|$)|health(?:\/|$)|assets\/)/;

/**
 * Where `npm run build` puts the interface (`vite build web` → dist/web). Compiled, this file is
 * dist/src/web/serve-web.js; run from source (the tests), it is src/web/serve-web.ts.
 */
export function webRootDir(): string {
  const projectOrDist = resolve(__dirname, '..', '..');
  return __dirname.includes(`${sep}dist${sep}`) ? join(projectOrDist, 'web') : join(projectOrDist, 'dist', 'web');
}

/**
 * The staff web interface at `/`, from this process and origin. Hashed assets under /assets/ are
 * cached for good; index.html is revalidated on every load so a new build is picked up at once. Any
 * other GET that asks for HTML gets index.html (client-side routes such as /recommendations/…), but
 * never under /api, /docs, /health or /assets, which keep the application's JSON 404. Without a
 * build the API starts anyway, and says so.
 */
export async function serveWebInterface(app: NestFastifyApplication, root = webRootDir()): Promise<void> {
  const logger = new Logger('WebInterface');
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) {
    logger.log(`No web interface at ${root}: run \`npm run build\` to build it; the API runs without it`);
    return;
  }
  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    dotfiles: 'ignore',
    // Their names change with their content, so a browser may keep them for good.
    maxAge: '365d',
    immutable: true,
  });

  // Read on each load (it is small): a rebuild under a running process names new asset files.
  const sendIndex = async (reply: FastifyReply) =>
    reply.header('Cache-Control', 'no-cache').header('Content-Type', 'text/html; charset=utf-8').send(await readFile(indexFile));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/', (_request, reply) => sendIndex(reply));
  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (NOT_THE_INTERFACE.test(path) || !wantsHtml) return reply.callNotFound();
    return sendIndex(reply);
  });
}
