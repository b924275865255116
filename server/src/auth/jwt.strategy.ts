import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor } from '../common/actor.js';
import { clientIp } from '../common/client-ip.js';
import { subkey } from '../config/subkeys.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { AuthService, type TokenPayload } from './auth.service.js';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(HAVEN_CONFIG) config: HavenConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a public key
      // on every request, which costs about a millisecond. passport-jwt hands it to jsonwebtoken
      // unchanged; its types only predate KeyObject.
      secretOrKey: createSecretKey(subkey(config.secret, 'token-signing')) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  validate(request: FastifyRequest, payload: TokenPayload): Promise<Actor> {
    return this.auth.resolveSession(payload, clientIp(request));
  }
}
