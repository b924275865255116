import { LOCALES, type Locale } from '@haven/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../users/user.dto.js';

export class LoginDto {
  @ApiProperty({ example: 'caseworker@haven.local' })
  @IsString()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'haven-demo' })
  @IsString()
  @MinLength(1, { message: 'password is required' })
  @MaxLength(1024)
  password: string;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty() idleTimeoutSeconds: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiPropertyOptional({
    enum: [true],
    description: 'the session opens only /api/auth/* until the password is changed',
  })
  passwordChangeRequired?: true;
  @ApiPropertyOptional({
    enum: [true],
    description: 'the session opens only /api/auth/* until a second factor is confirmed',
  })
  mfaEnrollmentRequired?: true;
}

/** What a user may change about themselves. */
export class UpdateMeDto {
  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}
