import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { hasPermission, RESTRICTED_SESSION_CODE, type Permission } from '@haven/shared';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../common/actor.js';
import { PERMISSION_KEY, PUBLIC_KEY } from '../common/decorators.js';
import { badRequest, forbidden } from '../common/errors.js';
import { assertNoNul } from '../common/nul.pipe.js';
import { logger } from '../common/logger.js';
import { validationDetails } from '../common/validation.js';
import { LoginDto } from './auth.dto.js';

/** Global: every route needs a valid session unless marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    return super.canActivate(context);
  }
}

/**
 * Global, after authentication: the route's declared permission must be in the caller's role map.
 * A route that declares nothing is refused (deny by default); a test also lists every route.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(
      PERMISSION_KEY,
      targets,
    );
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Actor }>();
    const actor = request.user;
    // A restricted session (an admin-set password to change, a required second factor to enrol)
    // opens only the sign-in routes, whatever its role: the rest waits until it is lifted.
    // Judged by the route that matched (its pattern, as declared), not by the URL's spelling.
    if (actor?.restriction && !(request.routeOptions.url ?? '').startsWith('/api/auth/')) {
      throw forbidden(
        actor.restriction === 'password_change'
          ? 'Change your password first'
          : 'Set up a second factor first',
        RESTRICTED_SESSION_CODE,
        { args: { restriction: actor.restriction } },
      );
    }
    if (!permission) {
      logger().error(
        { handler: context.getHandler().name },
        'route declares no permission; refused',
      );
      throw forbidden('This route is not available', 'auth.route_unavailable');
    }
    if (!actor || !hasPermission(actor.role, permission)) {
      throw forbidden(`Your role may not use this route (${permission})`, 'auth.role_forbidden', {
        args: { permission },
      });
    }
    return true;
  }
}

/** Validates the login body first (a 400 naming the field), then runs passport-local. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    assertNoNul(request.body);
    // A JSON array or scalar is not a login: plainToInstance would map an array to an array.
    const body: unknown = request.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw badRequest('body: must be a JSON object', 'validation.object', { field: 'body' });
    const dto = plainToInstance(LoginDto, body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      const details = validationDetails(errors);
      const [first] = details;
      throw badRequest(
        errors
          .map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`)
          .join('; '),
        first?.code ?? 'validation.invalid',
        first ? { field: first.field, args: first.args, details } : {},
      );
    }
    return (await super.canActivate(context)) as boolean;
  }
}
