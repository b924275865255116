import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { uiLocale, type Permission } from '@haven/shared';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor.js';

export const PUBLIC_KEY = 'haven:public';
export const PERMISSION_KEY = 'haven:permission';

/** The route needs no login (login, health, docs, calendar feed). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** The permission a route requires, from the shared role map. Every non-public route declares one. */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(PERMISSION_KEY, permission);

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Actor }>();
  return request.user;
});

/**
 * The caller's UI language for texts the server renders beside their codes (`text`): the first
 * language of `Accept-Language` if it is Russian, else English. Any header value is safe.
 */
export const UiLang = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return uiLocale(request.headers['accept-language']);
});
