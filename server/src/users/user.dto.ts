import { LOCALES, PASSWORD_MIN_LENGTH, ROLES, type Locale, type Role } from '@haven/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) data: UserDto[];
  @ApiProperty() total: number;
}

export class UserOpenWorkDto {
  @ApiProperty({ description: 'open cases (not closed) assigned to the user' }) openCases: number;
  @ApiProperty({ description: 'unfinished tasks (not done) assigned to the user' })
  openTasks: number;
}

export class CreateUserDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'fullName is required' })
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: LOCALES, default: 'en' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  /** Checked by the password policy (auth/password-policy.ts), which answers with a code; the user must change it at first sign-in. */
  @ApiProperty({
    writeOnly: true,
    minLength: PASSWORD_MIN_LENGTH,
    description:
      'at least 12 characters, not the email, not a common or breached password; to be changed at first sign-in',
  })
  @IsString()
  // Also here so that a short password is named with the other bad fields of the same request.
  @MinLength(PASSWORD_MIN_LENGTH, {
    message: `password: must be at least ${PASSWORD_MIN_LENGTH} characters`,
  })
  @MaxLength(1024)
  password: string;
}

export class UpdateUserDto {
  @ApiProperty({ description: 'the version last read; a stale one is a 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'fullName is required' })
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((_object, value) => value !== null)
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  /** As on create; set for someone else, it must be changed at their next sign-in. */
  @ApiPropertyOptional({
    writeOnly: true,
    minLength: PASSWORD_MIN_LENGTH,
    description: 'as on create; set for another user, they must change it at their next sign-in',
  })
  @IsOptional()
  @IsString()
  // Also here so that a short password is named with the other bad fields of the same request.
  @MinLength(PASSWORD_MIN_LENGTH, {
    message: `password: must be at least ${PASSWORD_MIN_LENGTH} characters`,
  })
  @MaxLength(1024)
  password?: string;
}
