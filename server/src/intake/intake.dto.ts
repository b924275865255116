import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
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
}

export class IntakeResponseDto {
  @ApiProperty({ type: ClientDto }) client: ClientDto;
  @ApiProperty({ type: CaseDto }) case: CaseDto;
}
