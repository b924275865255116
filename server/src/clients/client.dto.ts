import {
  CONSENT_BASES,
  CONSENT_SCOPES,
  CONTACT_CHANNELS,
  IDENTITY_DOCUMENT_KINDS,
  INTERPRETER_GENDERS,
  SEXES,
  VULNERABILITIES,
  type ConsentBasis,
  type ConsentScope,
  type ContactChannel,
  type IdentityDocumentKind,
  type InterpreterGender,
  type Sex,
  type Vulnerability,
} from '@haven/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { COUNTRY, IsDateOnly, LANGUAGE } from '../common/validators.js';

export class IdentityDocumentDto {
  @ApiProperty({ enum: IDENTITY_DOCUMENT_KINDS })
  @IsIn(IDENTITY_DOCUMENT_KINDS)
  kind: IdentityDocumentKind;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  number: string | null = null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'RU' })
  @IsOptional()
  @Matches(COUNTRY, { message: 'issuingCountry must be an ISO 3166-1 alpha-2 code' })
  issuingCountry: string | null = null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly()
  expiresOn: string | null = null;
}

export class DependantDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 'child' }) @IsString() @MinLength(1) @MaxLength(60) relationship: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  dateOfBirth: string | null = null;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() accompanying: boolean = true;
}

export class StayPeriodDto {
  @ApiProperty({ format: 'date' }) @IsDateOnly({ notFuture: true }) entryDate: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  exitDate: string | null = null;
}

export class ConsentDto {
  @ApiProperty({ enum: CONSENT_SCOPES, isArray: true })
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(CONSENT_SCOPES, { each: true })
  scopes: ConsentScope[];
  @ApiProperty({ format: 'date' }) @IsDateOnly({ notFuture: true }) givenOn: string;
  @ApiProperty({ example: 'ru' })
  @Matches(LANGUAGE, { message: 'language must be an ISO 639-1 code' })
  language: string;
}

/**
 * The client's fields, for intake (all required ones present) and, made optional, for PATCH.
 * Restricted fields (vulnerabilities, ethnicity, religion, health, SOGI) are encrypted at rest.
 */
export class ClientInputDto {
  @ApiProperty({ example: 'Dmitrii' })
  @IsString()
  @MinLength(1, { message: 'givenName is required' })
  @MaxLength(200)
  givenName: string;
  @ApiProperty({ example: 'Sokolov' })
  @IsString()
  @MinLength(1, { message: 'familyName is required' })
  @MaxLength(200)
  familyName: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Дмитрий Андреевич Соколов' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  nativeName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  dateOfBirth?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() dateOfBirthApproximate?: boolean;
  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES, { message: `sex must be one of ${SEXES.join(', ')}` })
  sex: Sex;
  @ApiProperty({ example: 'RU' })
  @Matches(COUNTRY, { message: 'nationality must be an ISO 3166-1 alpha-2 code such as RU' })
  nationality: string;
  @ApiPropertyOptional({ type: [String], example: ['ru', 'en'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(LANGUAGE, { each: true, message: 'languages must be ISO 639-1 codes such as ru' })
  languages?: string[];
  @ApiPropertyOptional({ enum: INTERPRETER_GENDERS })
  @IsOptional()
  @IsIn(INTERPRETER_GENDERS)
  interpreterGender?: InterpreterGender;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,40}$/, {
    message: 'phone must contain digits, spaces, ( ) - and an optional leading +',
  })
  phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;
  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, nullable: true })
  @IsOptional()
  @IsIn(CONTACT_CHANNELS)
  safeContactChannel?: ContactChannel | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() messagesAllowed?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'GE' })
  @IsOptional()
  @Matches(COUNTRY, { message: 'currentCountry must be an ISO 3166-1 alpha-2 code' })
  currentCountry?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  currentCity?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  arrivalDate?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  entryRoute?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  stayPermitType?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly()
  stayPermitExpiresOn?: string | null;
  @ApiPropertyOptional({
    type: [StayPeriodDto],
    description: 'entries and exits in the current country',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StayPeriodDto)
  stays?: StayPeriodDto[];
  @ApiPropertyOptional({ type: [IdentityDocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IdentityDocumentDto)
  documents?: IdentityDocumentDto[];
  @ApiPropertyOptional({ type: [DependantDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => DependantDto)
  dependants?: DependantDto[];
  @ApiPropertyOptional({ type: ConsentDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent?: ConsentDto | null;
  @ApiPropertyOptional({
    enum: VULNERABILITIES,
    isArray: true,
    description: 'restricted; encrypted at rest',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(VULNERABILITIES.length)
  @IsIn(VULNERABILITIES, {
    each: true,
    message: `vulnerabilities must be among ${VULNERABILITIES.join(', ')}`,
  })
  vulnerabilities?: Vulnerability[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'restricted; encrypted at rest',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  ethnicity?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'restricted; encrypted at rest',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  religion?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'restricted; encrypted at rest',
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  healthNotes?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'restricted; encrypted at rest',
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  sogiNotes?: string | null;
}

export class UpdateClientDto {
  @ApiProperty({ description: 'the version last read; a stale one is a 409' })
  @IsInt()
  @Min(1)
  version: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'givenName is required' })
  @MaxLength(200)
  givenName?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'familyName is required' })
  @MaxLength(200)
  familyName?: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  nativeName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  dateOfBirth?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() dateOfBirthApproximate?: boolean;
  @ApiPropertyOptional({ enum: SEXES })
  @IsOptional()
  @IsIn(SEXES, { message: `sex must be one of ${SEXES.join(', ')}` })
  sex?: Sex;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(COUNTRY, { message: 'nationality must be an ISO 3166-1 alpha-2 code such as RU' })
  nationality?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(LANGUAGE, { each: true, message: 'languages must be ISO 639-1 codes such as ru' })
  languages?: string[];
  @ApiPropertyOptional({ enum: INTERPRETER_GENDERS })
  @IsOptional()
  @IsIn(INTERPRETER_GENDERS)
  interpreterGender?: InterpreterGender;
  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,40}$/, {
    message: 'phone must contain digits, spaces, ( ) - and an optional leading +',
  })
  phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;
  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, nullable: true })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsIn(CONTACT_CHANNELS)
  safeContactChannel?: ContactChannel | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() messagesAllowed?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @Matches(COUNTRY, { message: 'currentCountry must be an ISO 3166-1 alpha-2 code' })
  currentCountry?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  currentCity?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  arrivalDate?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  entryRoute?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  stayPermitType?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsDateOnly()
  stayPermitExpiresOn?: string | null;
  @ApiPropertyOptional({ type: [StayPeriodDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StayPeriodDto)
  stays?: StayPeriodDto[];
  @ApiPropertyOptional({ type: [IdentityDocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IdentityDocumentDto)
  documents?: IdentityDocumentDto[];
  @ApiPropertyOptional({ type: [DependantDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => DependantDto)
  dependants?: DependantDto[];
  @ApiPropertyOptional({ type: ConsentDto, nullable: true })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent?: ConsentDto | null;
  @ApiPropertyOptional({ enum: VULNERABILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(VULNERABILITIES, {
    each: true,
    message: `vulnerabilities must be among ${VULNERABILITIES.join(', ')}`,
  })
  vulnerabilities?: Vulnerability[];
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  ethnicity?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  religion?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  healthNotes?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  sogiNotes?: string | null;
}

export class ClientListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ type: String, nullable: true }) nativeName: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) dateOfBirth: string | null;
  @ApiProperty() dateOfBirthApproximate: boolean;
  @ApiProperty({ enum: SEXES }) sex: Sex;
  @ApiProperty() nationality: string;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ type: String, nullable: true }) currentCountry: string | null;
  @ApiProperty({ type: String, nullable: true }) currentCity: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) arrivalDate: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class ClientListDto {
  @ApiProperty({ type: [ClientListItemDto] }) data: ClientListItemDto[];
  @ApiProperty() total: number;
}

export class ClientDto extends ClientListItemDto {
  @ApiProperty({ enum: INTERPRETER_GENDERS }) interpreterGender: InterpreterGender;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ enum: CONTACT_CHANNELS, nullable: true })
  safeContactChannel: ContactChannel | null;
  @ApiProperty() messagesAllowed: boolean;
  @ApiProperty({ type: String, nullable: true }) entryRoute: string | null;
  @ApiProperty({ type: String, nullable: true }) stayPermitType: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) stayPermitExpiresOn: string | null;
  @ApiProperty({ type: [StayPeriodDto] }) stays: StayPeriodDto[];
  @ApiProperty({ type: [IdentityDocumentDto] }) documents: IdentityDocumentDto[];
  @ApiProperty({ type: [DependantDto] }) dependants: DependantDto[];
  @ApiProperty({ type: ConsentDto, nullable: true }) consent: ConsentDto | null;
  @ApiPropertyOptional({
    enum: CONSENT_BASES,
    nullable: true,
    description:
      'without consent to data processing: the legal basis the data are processed on instead (named at intake)',
  })
  processingBasis?: ConsentBasis | null;
  @ApiProperty({ enum: VULNERABILITIES, isArray: true }) vulnerabilities: Vulnerability[];
  @ApiProperty({ type: String, nullable: true }) ethnicity: string | null;
  @ApiProperty({ type: String, nullable: true }) religion: string | null;
  @ApiProperty({ type: String, nullable: true }) healthNotes: string | null;
  @ApiProperty({ type: String, nullable: true }) sogiNotes: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) anonymisedAt: string | null;
}
