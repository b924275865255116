import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import expressStaticGzip from 'express-static-gzip';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import type { Actor } from './common/actor.js';
import { warnUntrustedForwarding } from './common/client-ip.js';
import { logger } from './common/logger.js';
import { RejectNulPipe } from './common/nul.pipe.js';
import { signInPage } from './common/sign-in-page.js';
import { createValidationPipe } from './common/validation.js';
import { setGenericPlans } from './database/prepared.js';
import type { HavenConfig } from './config/config.js';

/** Request log lines: route pattern, status and timing only — no query string, body or name. */
function requestLog(
  request: Request & { user?: Actor },
  response: Response,
  next: NextFunction,
): void {
  const started = process.hrtime.bigint();
  const requestId =
    (request.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
  request.headers['x-request-id'] = requestId;
  response.setHeader('X-Request-Id', requestId);
  // API answers carry personal data: no browser or proxy keeps a copy (routes may say more).
  if (request.path.startsWith('/api/')) response.setHeader('Cache-Control', 'no-store');
  response.on('finish', () => {
    if (!request.path.startsWith('/api')) return;
    logger().info(
      {
        requestId,
        method: request.method,
        route: (request.route as { path?: string } | undefined)?.path ?? 'unmatched',
        status: response.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        actorId: request.user?.id,
      },
      'request',
    );
  });
  next();
}

export async function createApp(
  config: HavenConfig,
  dataSource: DataSource,
): Promise<NestExpressApplication> {
  setGenericPlans(config.genericPlans);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, dataSource),
    {
      bodyParser: false,
      logger: ['error', 'warn'],
    },
  );
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  else app.use(warnUntrustedForwarding());
  app.set('query parser', 'simple');
  // Nothing is cached (no-store), so no ETag: it would only hash every answer.
  app.set('etag', false);
  app.use(requestLog);
  app.use(
    fixedHeaders({
      contentSecurityPolicy: {
        directives: {
          // MUI injects styles at run time; the Swagger UI page runs its init script from a file.
          'style-src': ["'self'", "'unsafe-inline'"],
          // Document previews are shown from blob: URLs the app makes of what it fetched (never a
          // URL of the server's): only the page's own script can create one, and its type is
          // always the server's content-judged one, never HTML.
          'img-src': ["'self'", 'data:', 'blob:'],
          'object-src': ['blob:'],
          'media-src': ["'self'", 'blob:'],
        },
      },
    }),
  );
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new RejectNulPipe(), createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Haven API')
      .setDescription(
        'Case management for legal help to refugees. Lists take page, perPage (≤ 100), sort, order, q and ' +
          'per-resource filters (a filter given twice means "any of"; dates take _gte/_lte). ' +
          'PATCH must carry the version last read (409 when stale). An object the caller may not see is a 404.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  // The built client, on the same port. Without a build, `/` explains how to get one.
  // API paths never reach it: a file-system lookup per API request costs more than the query.
  if (existsSync(join(config.clientDir, 'index.html'))) {
    // The build's brotli and gzip copies (scripts/compress-assets.mjs), chosen by Accept-Encoding.
    const files = expressStaticGzip(config.clientDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gz'],
      index: 'index.html',
      serveStatic: { maxAge: '1h', setHeaders: cacheHeaders },
    });
    const page = signInPage(config.clientDir);
    app.use((request: Request, response: Response, next: NextFunction) =>
      request.path.startsWith('/api/')
        ? next()
        : page(request, response, () => files(request, response, next)),
    );
  } else {
    app.use((request: Request, response: Response, next: NextFunction) => {
      if (request.method !== 'GET' || request.path !== '/') return next();
      response
        .type('text/plain')
        .send('Haven API is running. The web client is not built: run `npm run build`.');
    });
  }
  return app;
}

/**
 * helmet's headers, computed once: with no per-request directive (no nonce) they are the same for
 * every response, and helmet builds each of them (the CSP string among them) again per request.
 * Its middleware runs once against a recording response; each request then gets the headers it
 * set and loses those it removed (X-Powered-By), in the same order.
 */
function fixedHeaders(options: Parameters<typeof helmet>[0]) {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  let done = false;
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) =>
      set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw new Error('helmet refused its options', { cause: error });
      done = true;
    },
  );
  if (!done) throw new Error('helmet did not finish synchronously: its headers vary per request');
  return (_request: Request, response: Response, next: NextFunction): void => {
    for (const [name, value] of set) response.setHeader(name, value);
    for (const name of removed) response.removeHeader(name);
    next();
  };
}

/**
 * The pages (index.html, login.<locale>.html) are checked on every load (they name the current
 * assets); the assets under /assets/ carry a hash of their content in their names, so a name never
 * changes meaning: cached for a year.
 */
function cacheHeaders(response: ServerResponse, path: string): void {
  if (/\.html(\.(br|gz))?$/.test(path)) {
    // Which page `/` is depends on the signed-in hint and the language (signInPage): said in Vary,
    // and kept out of shared caches, which may not honour Vary: Cookie.
    response.setHeader('Cache-Control', 'no-cache, private');
    const vary = response.getHeader('Vary');
    response.setHeader('Vary', [vary, 'Cookie', 'Accept-Language'].filter(Boolean).join(', '));
  } else if (/[\\/]assets[\\/]/.test(path))
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}
