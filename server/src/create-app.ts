import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseQuery } from 'node:querystring';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import type { Actor } from './common/actor.js';
import { trustedProxies, warnUntrustedForwarding } from './common/client-ip.js';
import { logger } from './common/logger.js';
import { RejectNulPipe } from './common/nul.pipe.js';
import { signInPage } from './common/sign-in-page.js';
import { createValidationPipe } from './common/validation.js';
import { setGenericPlans } from './database/prepared.js';
import type { HavenConfig } from './config/config.js';

/**
 * Request log lines: route pattern, status and timing only — no query string, body or name.
 * An onRequest hook sets the request id and no-store; onResponse writes the line.
 */
function requestLog(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const started = process.hrtime.bigint();
    (request as FastifyRequest & { started?: bigint }).started = started;
    const requestId =
      (request.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
    request.headers['x-request-id'] = requestId;
    reply.header('X-Request-Id', requestId);
    // API answers carry personal data: no browser or proxy keeps a copy (routes may say more).
    if (isApiPath(pathOf(request.url))) reply.header('Cache-Control', 'no-store');
    done();
  });
  // Again as the answer leaves: a plugin's own files (the Swagger UI's) set their own caching.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (isApiPath(pathOf(request.url))) reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (isApiPath(pathOf(request.url))) {
      const started = (request as FastifyRequest & { started?: bigint }).started;
      logger().info(
        {
          requestId: request.headers['x-request-id'],
          method: request.method,
          // A path no route matched (or the static files' catch-all handed to the 404 handler).
          route: request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched'),
          status: reply.statusCode,
          ms: started === undefined ? undefined : Number(process.hrtime.bigint() - started) / 1e6,
          actorId: (request as FastifyRequest & { user?: Actor }).user?.id,
        },
        'request',
      );
    }
    done();
  });
}

export async function createApp(
  config: HavenConfig,
  dataSource: DataSource,
): Promise<NestFastifyApplication> {
  setGenericPlans(config.genericPlans);
  const headers = fixedHeaders({
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
  });
  const adapter = new FastifyAdapter({
    // Express's `trust proxy`: a hop count or addresses.
    ...(config.trustProxy !== undefined ? { trustProxy: trustedProxies(config.trustProxy) } : {}),
    // As Express's json({ limit: '1mb' }).
    bodyLimit: 1024 * 1024,
    // Node's own HTTP server defaults, which Express kept (Fastify's are no request timeout and a
    // 72 s keep-alive): a request must arrive whole within 5 minutes, an idle connection closes after 5 s.
    requestTimeout: 300_000,
    keepAliveTimeout: 5_000,
    // A URL the router cannot read (bad percent-encoding, an over-long parameter) is answered
    // before any hook: with the fixed headers, no-store and a log line all the same, and in the
    // contract's shape, never echoing the URL (its query may name a person).
    frameworkErrors: (error: { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      const requestId = randomUUID();
      logger().info({ requestId, method: request.method, route: 'unmatched', status }, 'request');
      void reply
        .headers(headers)
        .header('X-Request-Id', requestId)
        .header('Cache-Control', 'no-store')
        .code(status)
        .type('application/json; charset=utf-8')
        .send({
          statusCode: status,
          message: 'the address could not be read',
          error: status === 414 ? 'URI Too Long' : 'Bad Request',
          code: 'invalid',
        });
    },
    routerOptions: {
      // As Express's 'simple' query parser (node:querystring: a key given twice is an array).
      querystringParser: (text: string) => parseQuery(text),
      // Express 5's router: paths match whatever their case and with or without a trailing slash,
      // and a path parameter has no length limit (Fastify's default answers 404 past 100 characters).
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: 65_536,
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, dataSource),
    adapter,
    {
      // As on Express: JSON only (Fastify's own parser, bodyLimit above); no urlencoded parser.
      bodyParser: false,
      logger: ['error', 'warn'],
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Express read only JSON bodies and left any other type unread (body undefined, the route's
  // validation answering); Fastify answers 415 for a type it has no parser for, and parses
  // text/plain. Both made as on Express. (multipart/form-data: the upload route reads the raw stream.)
  fastify.removeContentTypeParser(['text/plain', 'application/json']);
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  // body-parser's json() as Express ran it: an empty body is {}, the top level must be an object
  // or array (strict), and a parse error is an http-errors-shaped 400 of type entity.parse.failed
  // (which Nest maps to an HttpException, and the error filter to request.invalid_json).
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: 1024 * 1024 },
    (request, text, done) => {
      // body-parser refused a charset other than UTF-8 and an encoding it could not undo (415);
      // it inflated gzip and deflate, which Haven's clients never send: refused too, so a small
      // body cannot inflate past the 1 MiB limit.
      const encoding = request.headers['content-encoding']?.trim().toLowerCase();
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(
        request.headers['content-type'] ?? '',
      )?.[1];
      if ((encoding && encoding !== 'identity') || (charset && !/^utf-?8$/i.test(charset)))
        return done(
          Object.assign(
            new Error(
              encoding && encoding !== 'identity'
                ? `unsupported content encoding "${encoding.slice(0, 40)}"`
                : `unsupported charset "${charset!.slice(0, 40)}"`,
            ),
            {
              status: 415,
              statusCode: 415,
              expose: true,
              type: 'encoding.unsupported',
            },
          ),
          undefined,
        );
      const body = text as string;
      if (body.length === 0) return done(null, {});
      const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(body)?.[1];
      try {
        if (first !== '{' && first !== '[')
          throw new SyntaxError(
            `Unexpected token ${first ?? 'end'} in JSON (strict: objects and arrays only)`,
          );
        done(null, JSON.parse(body));
      } catch (error) {
        done(
          Object.assign(error as Error, {
            status: 400,
            statusCode: 400,
            expose: true,
            type: 'entity.parse.failed',
          }),
          undefined,
        );
      }
    },
  );
  if (config.trustProxy === undefined) fastify.addHook('onRequest', warnUntrustedForwarding());
  requestLog(fastify);
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
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
    // In a scope of their own, so that the hook below guards the static files' routes only.
    await app.register(async (files: FastifyInstance) => {
      // An /api path no route took is the API's 404 (as on Express, which never looked such a path
      // up), never a file nor the static route's own answers (403 for a `..` in it).
      files.addHook('onRequest', (request, reply, done) => {
        if (isApiPath(pathOf(request.url))) reply.callNotFound();
        else done();
      });
      await files.register(fastifyStatic, {
        root: config.clientDir,
        // The build's brotli and gzip copies (scripts/compress-assets.mjs), chosen by
        // Accept-Encoding (br before gzip), with Vary: Accept-Encoding.
        preCompressed: true,
        index: 'index.html',
        maxAge: '1h',
        setHeaders: cacheHeaders,
        // The same, for the path as decoded (`/%61pi/...`).
        allowedPath: (path: string) => !isApiPath(path),
      });
      // `/` and `/index.html`: the sign-in page for a signed-out visitor, else index.html.
      const page = signInPage(config.clientDir);
      files.get('/', page);
      files.get('/index.html', page);
    });
  } else {
    // GET only, as on Express (a HEAD was the API's 404).
    fastify.get('/', { exposeHeadRoute: false }, (_request, reply) => {
      void reply
        .type('text/plain; charset=utf-8')
        .send('Haven API is running. The web client is not built: run `npm run build`.');
    });
  }
  return app;
}

/**
 * helmet's headers, computed once: with no per-request directive (no nonce) they are the same for
 * every response, and helmet builds each of them (the CSP string among them) again per request.
 * Its middleware runs once against a recording response; each request then gets the headers it
 * set, in the same order (the one it removes, X-Powered-By, Fastify never sets).
 */
function fixedHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const set: Record<string, string> = {};
  const removed: string[] = [];
  let done = false;
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) =>
      (set[name] = String(value)),
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
  // helmet removes X-Powered-By only, which Fastify never sets.
  if (removed.some((name) => name.toLowerCase() !== 'x-powered-by'))
    throw new Error(`helmet removes headers Haven does not remove: ${removed.join(', ')}`);
  return set;
}

/**
 * The pages (index.html, login.<locale>.html) are checked on every load (they name the current
 * assets); the assets under /assets/ carry a hash of their content in their names, so a name never
 * changes meaning: cached for a year.
 */
function cacheHeaders(reply: FastifyReply, path: string): void {
  if (/\.html(\.(br|gz))?$/.test(path)) {
    // Which page `/` is depends on the signed-in hint and the language (signInPage): said in Vary,
    // and kept out of shared caches, which may not honour Vary: Cookie.
    void reply.header('Cache-Control', 'no-cache, private');
    const vary = reply.getHeader('Vary');
    void reply.header('Vary', [vary, 'Cookie', 'Accept-Language'].filter(Boolean).join(', '));
  } else if (/[\\/]assets[\\/]/.test(path))
    void reply.header('Cache-Control', 'public, max-age=31536000, immutable');
}

/**
 * A request's path: without the query, and without the scheme and authority a request line may
 * carry (`GET http://host/api/... HTTP/1.1`), which Express dropped and Fastify keeps in `url`.
 */
function pathOf(url: string): string {
  return url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '').split('?')[0];
}

/** `/api` and below, whatever the case (routes match case-insensitively, as on Express). */
function isApiPath(path: string): boolean {
  return /^\/api([/?]|$)/i.test(path);
}
