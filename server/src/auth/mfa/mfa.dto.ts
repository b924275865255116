import { MFA_METHODS, SESSION_RESTRICTIONS } from '@haven/shared';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class MfaVerifyDto {
  @ApiProperty({ format: 'uuid', description: 'the `challenge` of the login answer' })
  @IsUUID('all', { message: 'challenge must be the challenge the login answered' })
  challenge: string;

  @ApiProperty({
    example: '123456',
    description: 'a six-digit code of the authenticator app, or a recovery code',
  })
  @IsString()
  @MinLength(1, { message: 'code is required' })
  @MaxLength(64)
  code: string;
}

export class MfaChallengeDto {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty({ format: 'uuid' }) challenge: string;
  @ApiProperty({ enum: MFA_METHODS, isArray: true }) methods: string[];
}

export class TotpConfirmDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @MinLength(1, { message: 'code is required' })
  @MaxLength(64)
  code: string;
}

export class TotpRemoveDto {
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'password is required' })
  @MaxLength(1024)
  password: string;

  @ApiProperty({ description: 'a current code of the authenticator app, or a recovery code' })
  @IsString()
  @MinLength(1, { message: 'code is required' })
  @MaxLength(64)
  code: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'base32, to type into the app' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Haven:caseworker%40haven.local?secret=…' })
  otpauthUrl: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'ten one-time codes, shown this once' })
  recoveryCodes: string[];
}

export class PasskeySummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MfaStatusDto {
  @ApiProperty() totp: boolean;
  @ApiProperty({ type: [PasskeySummaryDto] }) passkeys: PasskeySummaryDto[];
  @ApiProperty() recoveryCodesLeft: number;
  @ApiProperty({ description: "the caller's role must have a second factor" }) required: boolean;
  @ApiProperty({
    enum: SESSION_RESTRICTIONS,
    nullable: true,
    description: "what the caller's session still waits for",
  })
  restriction: string | null;
  @ApiProperty({ description: 'demo mode, where no role must have a second factor' }) demo: boolean;
}
