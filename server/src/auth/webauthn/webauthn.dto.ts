import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, MaxLength, MinLength } from 'class-validator';

export class PasskeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Work laptop' }) name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;
}

export class RegisteredPasskeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Work laptop' }) name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class RegisterPasskeyDto {
  @ApiProperty({
    description: "The browser's answer to navigator.credentials.create (RegistrationResponseJSON)",
    type: Object,
  })
  @IsObject({ message: 'response must be a WebAuthn registration response' })
  response: Record<string, unknown>;

  /** Checked again, trimmed, by the service. */
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Work laptop' })
  @IsString({ message: 'name is required' })
  @MinLength(1, { message: 'name is required' })
  name: string;
}

export class RenamePasskeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Phone' })
  @IsString({ message: 'name is required' })
  @MinLength(1, { message: 'name is required' })
  name: string;
}

export class PasskeyLoginOptionsDto {
  @ApiProperty({
    description: 'The challenge of the sign-in answer ({mfaRequired, challenge, methods})',
  })
  @IsString({ message: 'challenge is required' })
  @MinLength(1, { message: 'challenge is required' })
  @MaxLength(512)
  challenge: string;
}

export class PasskeyLoginDto extends PasskeyLoginOptionsDto {
  @ApiProperty({
    description: "The browser's answer to navigator.credentials.get (AuthenticationResponseJSON)",
    type: Object,
  })
  @IsObject({ message: 'response must be a WebAuthn authentication response' })
  response: Record<string, unknown>;
}
