import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LocalStrategy } from './local.strategy.js';
import { MfaController } from './mfa/mfa.controller.js';
import { MfaService } from './mfa/mfa.service.js';
import { WebauthnController } from './webauthn/webauthn.controller.js';
import { WebauthnService } from './webauthn/webauthn.service.js';

@Module({
  imports: [
    PassportModule,
    UsersModule,
    JwtModule.registerAsync({
      inject: [HAVEN_CONFIG],
      useFactory: (config: HavenConfig) => ({ secret: config.secret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, WebauthnController, MfaController],
  providers: [AuthService, LocalStrategy, JwtStrategy, WebauthnService, MfaService],
  exports: [AuthService, MfaService],
})
export class AuthModule {}
