import { PASSWORD_MIN_LENGTH } from '@haven/shared';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** `POST /api/auth/password`. The new password's rules are checked by the policy (auth/password-policy.ts), which answers with a code. */
export class ChangePasswordDto {
  @ApiProperty({ writeOnly: true })
  @IsString({ message: 'currentPassword must be a string' })
  @MinLength(1, { message: 'currentPassword is required' })
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({
    writeOnly: true,
    minLength: PASSWORD_MIN_LENGTH,
    description: 'at least 12 characters, not the email, not a common or breached password',
  })
  @IsString({ message: 'newPassword must be a string' })
  @MaxLength(1024)
  newPassword: string;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the address the session signed in from',
  })
  ip: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "the browser's User-Agent at sign-in (≤ 300 characters)",
  })
  userAgent: string | null;
  @ApiProperty({ description: 'the session this request is made with' }) current: boolean;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto] }) data: SessionDto[];
}
