import { Controller, Get } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor, AuditInput } from './audit.service.js';
import { AuditService } from './audit.service.js';
import { audited, AuditedRead } from './audited-read.js';

const recorded: { actor: AuditActor | null; input: AuditInput }[] = [];
const actor = { id: 'u1', role: 'caseworker', teamId: 't1', ip: '127.0.0.1' };

@Controller()
class ReadsController {
  @Get('declared')
  @AuditedRead('note', 'read a note')
  declared() {
    return audited({ entityId: 'n1', teamId: 't1', details: { caseId: 'c1' } }, { title: 'x' });
  }

  @Get('forgot')
  @AuditedRead('note', 'read a note')
  forgot() {
    // A declared read whose handler does not name what it read.
    return { title: 'x' };
  }

  @Get('plain')
  plain() {
    return { title: 'x' };
  }
}

describe('declared reads (@AuditedRead)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    const module = await Test.createTestingModule({
      controllers: [ReadsController],
      providers: [
        {
          provide: AuditService,
          // The interceptor's one dependency on the trail: what it asks to record.
          useValue: {
            recordNow: (who: AuditActor | null, input: AuditInput) => {
              recorded.push({ actor: who, input });
              return Promise.resolve();
            },
          },
        },
      ],
    }).compile();
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    // The signed-in actor, as the session guard would have set it.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', (request, _reply, done) => {
        (request as unknown as { user?: unknown }).user = actor;
        done();
      });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('records the read under the record’s team and sends only the body', async () => {
    recorded.length = 0;
    const response = await request(app.getHttpServer()).get('/declared').expect(200);
    expect(response.body).toEqual({ title: 'x' });
    expect(recorded).toEqual([
      {
        actor,
        input: {
          action: 'read',
          entityType: 'note',
          entityId: 'n1',
          teamId: 't1',
          summary: 'read a note',
          details: { caseId: 'c1' },
        },
      },
    ]);
  });

  it('refuses to send the body of a declared read that does not say what it read', async () => {
    recorded.length = 0;
    const response = await request(app.getHttpServer()).get('/forgot');
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('"title"');
    expect(recorded).toEqual([]);
  });

  it('leaves routes that declare nothing alone', async () => {
    recorded.length = 0;
    await request(app.getHttpServer()).get('/plain').expect(200, { title: 'x' });
    expect(recorded).toEqual([]);
  });
});
