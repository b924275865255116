import { PROCESSING_BASES, type ProcessingBasis } from '@haven/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { IntakeCaseDto, CaseDto } from '../cases/case.dto.js';
import { ClientDto, ClientInputDto } from '../clients/client.dto.js';

export class IntakeDto {
  @ApiProperty({ type: ClientInputDto })
  @IsDefined({ message: 'client is required' })
  @ValidateNested()
  @Type(() => ClientInputDto)
  client: ClientInputDto;

  @ApiProperty({ type: IntakeCaseDto })
  @IsDefined({ message: 'case is required' })
  @ValidateNested()
  @Type(() => IntakeCaseDto)
  case: IntakeCaseDto;

  @ApiPropertyOptional({
    enum: PROCESSING_BASES,
    description:
      'Consent first: without the client’s consent to `data_processing` (client.consent.scopes), the legal basis ' +
      'their data are processed on instead. Required then (a 400 naming processingBasis otherwise); refused beside that consent.',
  })
  @IsOptional()
  @IsIn(PROCESSING_BASES, {
    message: `processingBasis must be one of ${PROCESSING_BASES.join(', ')}`,
  })
  processingBasis?: ProcessingBasis;
}

export class IntakeResponseDto {
  @ApiProperty({ type: ClientDto }) client: ClientDto;
  @ApiProperty({ type: CaseDto }) case: CaseDto;
}
