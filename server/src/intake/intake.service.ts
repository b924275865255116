import { randomUUID } from 'node:crypto';
import { expressionBuilder } from 'kysely';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IntakeResponse } from '@haven/shared';
import { DataSource } from 'typeorm';
import { AuditService, type AuditInput } from '../audit/audit.service.js';
import { CaseEntity } from '../cases/case.entity.js';
import { toCaseResponse } from '../cases/case.mapper.js';
import { CasesService } from '../cases/cases.service.js';
import { nextReferences } from '../cases/references.js';
import { ClientEntity } from '../clients/client.entity.js';
import { encryptClientFields, toClientResponse } from '../clients/client.mapper.js';
import type { Actor } from '../common/actor.js';
import { insertEntity } from '../database/insert-entity.js';
import type { DB } from '../database/schema.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import type { IntakeDto } from './intake.dto.js';
import { syncDocumentDeadlines } from '../deadlines/deadlines.service.js';
import { clientNameKey } from '../duplicates/name-key.js';
import { transaction } from '../database/transaction.js';
import { recordConsentChange } from '../consent/consent.history.js';
import { IntakeDraftsService } from '../intake-drafts/intake-drafts.service.js';
import { badRequest } from '../common/errors.js';

const blank = (value: string | null | undefined) => value?.trim() || null;

/**
 * Consent first (issue 25): a client's data are processed with their consent to `data_processing`,
 * or on a legal basis named instead (`processingBasis`). An intake that answers the consent
 * question (`consent`: null or scopes, as Haven's own form always does) without that scope and
 * names no basis is refused; one naming both is contradictory. A body that does not carry `consent`
 * at all (the contract's `{client, case}`, an import) is taken, and the client page flags that
 * neither was recorded.
 */
function assertProcessingBasis(dto: IntakeDto): void {
  const consented = dto.client.consent?.scopes?.includes('data_processing') ?? false;
  if (dto.client.consent !== undefined && !consented && !dto.processingBasis)
    throw badRequest(
      'processingBasis: without the client’s consent to data processing, name the legal basis used instead',
      'intake.processing_basis_required',
      { field: 'processingBasis' },
    );
  if (consented && dto.processingBasis)
    throw badRequest(
      'processingBasis: the client consented to data processing; no other basis is recorded',
      'intake.processing_basis_with_consent',
      { field: 'processingBasis' },
    );
}

@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly drafts: IntakeDraftsService,
  ) {}

  /**
   * A new client and their first case in one transaction: any failure leaves nothing behind but
   * a gap in the numbering. The two references are taken first, in their own short statement:
   * inside the transaction, their counter rows stayed locked until it committed, so concurrent
   * intakes ran one after another.
   */
  async create(actor: Actor, dto: IntakeDto): Promise<IntakeResponse> {
    assertProcessingBasis(dto);
    const { CL: clientReference, HV: caseReference } = await nextReferences(this.dataSource, [
      'CL',
      'HV',
    ]);
    const { savedClient, savedCase } = await transaction(this.dataSource, async (manager) => {
      const input = dto.client;
      const repository = manager.getRepository(ClientEntity);
      const client = repository.create({
        id: randomUUID(),
        reference: clientReference,
        givenName: input.givenName.trim(),
        familyName: input.familyName.trim(),
        nativeName: blank(input.nativeName),
        nameKey: clientNameKey(input.givenName, input.familyName, input.nativeName),
        mergedIntoId: null,
        dateOfBirth: input.dateOfBirth ?? null,
        dateOfBirthApproximate: input.dateOfBirthApproximate ?? false,
        sex: input.sex,
        nationality: input.nationality,
        languages: [...new Set(input.languages ?? [])],
        interpreterGender: input.interpreterGender ?? 'no_preference',
        phone: null,
        phoneIndex: null,
        email: null,
        safeContactChannel: null,
        messagesAllowed: input.messagesAllowed ?? false,
        currentCountry: input.currentCountry ?? null,
        currentCity: null,
        arrivalDate: input.arrivalDate ?? null,
        entryRoute: null,
        stayPermitType: blank(input.stayPermitType),
        stayPermitExpiresOn: input.stayPermitExpiresOn ?? null,
        stays:
          input.stays ??
          (input.arrivalDate ? [{ entryDate: input.arrivalDate, exitDate: null }] : []),
        documents: null,
        dependants: null,
        consent: input.consent ?? null,
        processingBasis: dto.processingBasis ?? null,
        vulnerabilities: null,
        ethnicity: null,
        religion: null,
        healthNotes: null,
        sogiNotes: null,
      });
      encryptClientFields(
        client,
        {
          vulnerabilities: input.vulnerabilities,
          ethnicity: input.ethnicity,
          religion: input.religion,
          healthNotes: input.healthNotes,
          sogiNotes: input.sogiNotes,
          phone: blank(input.phone),
          email: blank(input.email)?.toLowerCase() ?? null,
          safeContactChannel: input.safeContactChannel ?? null,
          currentCity: blank(input.currentCity),
          entryRoute: blank(input.entryRoute),
          documents: input.documents ?? [],
          dependants: input.dependants ?? [],
        },
        this.crypto,
      );
      // An insert, not save (which would first read the row by its id to choose insert or update), prepared.
      await insertEntity(manager, ClientEntity, client);
      // The consent given at intake starts the client's consent history.
      await recordConsentChange(manager, client.id, client.consent, actor.id);
      const savedClient = client;
      const events: AuditInput[] = [];
      const savedCase = await this.cases.createInTransaction(
        manager,
        actor,
        savedClient.id,
        dto.case,
        { reference: caseReference, events },
      );
      // The new client's only case is the one just opened, the caller's.
      events.push(
        ...(await syncDocumentDeadlines(
          manager,
          this.crypto,
          expressionBuilder<{ c: DB['legal_case'] }, 'c'>()('c.id', '=', savedCase.id),
          savedClient.id,
          input.documents ?? [],
        )),
      );
      events.push({
        action: 'create',
        entityType: 'client',
        entityId: savedClient.id,
        teamId: savedCase.teamId,
        summary: `intake of client ${savedClient.reference} with case ${savedCase.reference}`,
        details: { caseId: savedCase.id },
      });
      // The intake is done: its draft goes with the same commit (and stays if anything fails).
      const draftId = await this.drafts.dropInTransaction(manager, actor.id);
      if (draftId)
        events.push({
          action: 'delete',
          entityType: 'intake_draft',
          entityId: draftId,
          teamId: actor.teamId,
          summary: 'intake draft removed with the completed intake',
          details: { clientId: savedClient.id },
        });
      // The events in one statement, which `transaction` sends with the COMMIT.
      await this.audit.record(manager, actor, events);
      return { savedClient, savedCase };
    });
    const withClient = Object.assign(new CaseEntity(), savedCase, { client: savedClient });
    return {
      client: toClientResponse(savedClient, this.crypto),
      case: toCaseResponse(withClient, this.crypto),
    };
  }
}
