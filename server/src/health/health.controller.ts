import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { Public } from '../common/decorators.js';
import { exec } from '../database/sql.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: '{"status":"ok"} when the database answers' })
  @ApiServiceUnavailableResponse({ description: '{"status":"unavailable"} when it does not' })
  async health(@Res({ passthrough: true }) response: FastifyReply): Promise<{ status: string }> {
    try {
      await Promise.race([
        exec(this.dataSource, sql`SELECT 1`),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return { status: 'ok' };
    } catch {
      void response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable' };
    }
  }
}
