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
import { subkey } from '../config/subkeys.js';
import { RefreshController } from './refresh.controller.js';
import { RefreshService } from './refresh.js';
import { WebauthnController } from './webauthn/webauthn.controller.js';
import { WebauthnService } from './webauthn/webauthn.service.js';

@Module({
  imports: [
    PassportModule,
    UsersModule,
    JwtModule.registerAsync({
      inject: [HAVEN_CONFIG],
      // Tokens are signed with a subkey of their own: the secret itself serves no purpose directly.
      useFactory: (config: HavenConfig) => ({
        secret: subkey(config.secret, 'token-signing'),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [AuthController, WebauthnController, MfaController, RefreshController],
  providers: [AuthService, LocalStrategy, JwtStrategy, WebauthnService, MfaService, RefreshService],
  exports: [AuthService, MfaService],
})
export class AuthModule {}
