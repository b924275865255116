import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import type { Account } from '../users/user.mapper.js';
import { AuthService } from './auth.service.js';
import { clientIp } from '../common/client-ip.js';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({
      usernameField: 'email',
      passwordField: 'password',
      passReqToCallback: true,
      session: false,
    });
  }

  validate(request: FastifyRequest, email: string, password: string): Promise<Account> {
    return this.auth.validateCredentials(email, password, clientIp(request));
  }
}
