import {
  CASE_TYPES,
  GROUNDS,
  MILITARY_STATUSES,
  OUTCOMES,
  PRIORITIES,
  STAGES,
  PROCEDURE_TRACKS,
  SERVICE_METHODS,
  SUMMONS_KINDS,
  type CaseType,
  type Ground,
  type MilitaryStatus,
  type Outcome,
  type Priority,
  type Stage,
  type SummonsKind,
  type CaseResponse,
  type ProcedureTrack,
  type ServiceMethod,
} from '@haven/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { COUNTRY, IsDateOnly } from '../common/validators.js';
import { LegalHoldDto } from '../retention/retention.dto.js';

export class AuthorityReferenceDto {
  @ApiProperty({ example: 'BAMF' }) @IsString() @MinLength(1) @MaxLength(120) authority: string;
  @ApiProperty({ example: '8123456-160' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  reference: string;
}

const enumMessage = (name: string, values: readonly string[]) => ({
  message: `${name} must be one of ${values.join(', ')}`,
});

/** Case fields shared by intake, a new case for a known client, and PATCH (where all are optional). */
export class CaseFieldsDto {
  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES, enumMessage('priority', PRIORITIES))
  priority?: Priority;
  @ApiPropertyOptional({ enum: GROUNDS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(GROUNDS.length)
  @IsIn(GROUNDS, { each: true, message: `grounds must be among ${GROUNDS.join(', ')}` })
  grounds?: Ground[];
  @ApiPropertyOptional({ enum: MILITARY_STATUSES })
  @IsOptional()
  @IsIn(MILITARY_STATUSES, enumMessage('militaryStatus', MILITARY_STATUSES))
  militaryStatus?: MilitaryStatus;
  @ApiPropertyOptional({ enum: SUMMONS_KINDS })
  @IsOptional()
  @IsIn(SUMMONS_KINDS, enumMessage('summonsKind', SUMMONS_KINDS))
  summonsKind?: SummonsKind;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  summonsDate?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  desertionDate?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  referralSource?: string | null;
  @ApiPropertyOptional({ type: [AuthorityReferenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AuthorityReferenceDto)
  authorityReferences?: AuthorityReferenceDto[];
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly()
  decisionServedOn?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date',
    description:
      'the day the decision arrived, in the sense of serviceMethod (reception_centre: handed to the centre); with serviceMethod, derives decisionServedOn unless that is given',
  })
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  decisionReceivedOn?: string | null;
  @ApiPropertyOptional({ enum: SERVICE_METHODS, nullable: true })
  @IsOptional()
  @IsIn(SERVICE_METHODS, enumMessage('serviceMethod', SERVICE_METHODS))
  serviceMethod?: ServiceMethod | null;
  @ApiPropertyOptional({ enum: PROCEDURE_TRACKS })
  @IsOptional()
  @IsIn(PROCEDURE_TRACKS, enumMessage('procedureTrack', PROCEDURE_TRACKS))
  procedureTrack?: ProcedureTrack;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  openedOn?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'restricted; encrypted at rest',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  claimSummary?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'restricted; encrypted at rest',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  serviceHistory?: string | null;
}

/** At intake or for a new case: who gets it. Caseworkers' cases are always their own. */
export class IntakeCaseDto extends CaseFieldsDto {
  @ApiProperty({ enum: CASE_TYPES })
  @IsIn(CASE_TYPES, enumMessage('caseType', CASE_TYPES))
  caseType: CaseType;
  @ApiProperty({ example: 'DE' })
  @Matches(COUNTRY, { message: 'jurisdiction must be an ISO 3166-1 alpha-2 code such as DE' })
  jurisdiction: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'supervisors and admins only; a caseworker of the team',
  })
  @IsOptional()
  @IsUUID('all', { message: 'assignedToId must be a UUID' })
  assignedToId?: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'admins only (others: their own team)' })
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string;
}

export class CreateCaseDto extends IntakeCaseDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId: string;
}

export class UpdateCaseDto extends CaseFieldsDto {
  @ApiPropertyOptional({ enum: CASE_TYPES })
  @IsOptional()
  @IsIn(CASE_TYPES, enumMessage('caseType', CASE_TYPES))
  caseType?: CaseType;
  @ApiPropertyOptional({ example: 'DE' })
  @IsOptional()
  @Matches(COUNTRY, { message: 'jurisdiction must be an ISO 3166-1 alpha-2 code such as DE' })
  jurisdiction?: string;
  @ApiProperty({ description: 'the version last read; a stale one is a 409' })
  @IsInt()
  @Min(1)
  version: number;
  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES, enumMessage('stage', STAGES))
  stage?: Stage;
  @ApiPropertyOptional({ description: 'required when the stage goes back' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  stageReason?: string;
  @ApiPropertyOptional({ enum: OUTCOMES, nullable: true })
  @IsOptional()
  @IsIn(OUTCOMES, enumMessage('outcome', OUTCOMES))
  outcome?: Outcome | null;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'supervisors of the team and admins only',
  })
  @IsOptional()
  @IsUUID('all', { message: 'assignedToId must be a UUID' })
  assignedToId?: string | null;
  @ApiPropertyOptional({
    default: true,
    description:
      'with a reassignment: the previous caseworker’s open tasks on the case go to the new one (default true)',
  })
  @IsOptional()
  @IsBoolean({ message: 'moveTasks must be true or false' })
  moveTasks?: boolean;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'admins only: move the case to another team',
  })
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string;
}

export class ReassignCasesDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'caseIds must be UUIDs' })
  caseIds: string[];
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'assignedToId must be a UUID' })
  assignedToId: string;
  @ApiPropertyOptional({
    default: true,
    description: 'each previous caseworker’s open tasks on their case go along (default true)',
  })
  @IsOptional()
  @IsBoolean({ message: 'moveTasks must be true or false' })
  moveTasks?: boolean;
}

export class CaseListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty() clientName: string;
  @ApiProperty({ enum: CASE_TYPES }) caseType: CaseType;
  @ApiProperty() jurisdiction: string;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ enum: OUTCOMES, nullable: true }) outcome: Outcome | null;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assignedToId: string | null;
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty({ enum: GROUNDS, isArray: true }) grounds: Ground[];
  @ApiProperty({ enum: MILITARY_STATUSES }) militaryStatus: MilitaryStatus;
  @ApiProperty({ format: 'date' }) openedOn: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, readOnly: true }) nextDeadlineOn:
    string | null;
  @ApiProperty({ format: 'date-time' }) lastActivityAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class CaseListDto {
  @ApiProperty({ type: [CaseListItemDto] }) data: CaseListItemDto[];
  @ApiProperty() total: number;
}

export class CaseDto extends CaseListItemDto {
  @ApiProperty({ enum: SUMMONS_KINDS }) summonsKind: SummonsKind;
  @ApiProperty({ type: String, format: 'date', nullable: true }) summonsDate: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) desertionDate: string | null;
  @ApiProperty({ type: String, nullable: true }) referralSource: string | null;
  @ApiProperty({ type: [AuthorityReferenceDto] }) authorityReferences: AuthorityReferenceDto[];
  @ApiProperty({ type: String, format: 'date', nullable: true }) decisionServedOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) decisionReceivedOn: string | null;
  @ApiProperty({ enum: SERVICE_METHODS, nullable: true }) serviceMethod: ServiceMethod | null;
  @ApiProperty({ enum: PROCEDURE_TRACKS }) procedureTrack: ProcedureTrack;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'how decisionServedOn was reached: {code, params}',
  })
  decisionService: CaseResponse['decisionService'];
  @ApiProperty({ type: String, nullable: true }) claimSummary: string | null;
  @ApiProperty({ type: String, nullable: true }) serviceHistory: string | null;
  @ApiProperty({ type: LegalHoldDto, nullable: true }) legalHold: LegalHoldDto | null;
}

export class ReassignResultDto {
  @ApiProperty({ type: [CaseListItemDto] }) data: CaseListItemDto[];
}
