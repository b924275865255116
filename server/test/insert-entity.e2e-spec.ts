import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseEntity } from '../src/cases/case.entity.js';
import { ClientEntity } from '../src/clients/client.entity.js';
import { insertEntity } from '../src/database/insert-entity.js';
import { startTestApp, type TestApp } from './harness.js';

/** The prepared insert writes what TypeORM's `insert` writes, and reads back the same generated columns. */
describe('insertEntity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const client = (reference: string) =>
    t.dataSource.getRepository(ClientEntity).create({
      id: randomUUID(),
      reference,
      givenName: 'Aram',
      familyName: 'Petrosyan',
      nativeName: 'Արամ Պետրոսյան',
      nameKey: 'aram petrosyan',
      mergedIntoId: null,
      dateOfBirth: '1991-02-03',
      dateOfBirthApproximate: true,
      sex: 'male',
      nationality: 'RU',
      languages: ['ru', 'hy'],
      interpreterGender: 'no_preference',
      phone: 'v1.k1.p.h.one',
      phoneIndex: 'index',
      email: null,
      safeContactChannel: null,
      messagesAllowed: false,
      currentCountry: 'AM',
      currentCity: 'v1.k1.c.i.ty',
      arrivalDate: '2022-09-25',
      entryRoute: null,
      stayPermitType: null,
      stayPermitExpiresOn: null,
      stays: [{ entryDate: '2022-09-25', exitDate: null }],
      documents: null,
      dependants: null,
      consent: null,
      vulnerabilities: 'v1.k1.x.y.z',
      ethnicity: null,
      religion: null,
      healthNotes: null,
      sogiNotes: null,
    });
  // Each row's statistics record key is its own random draw (the database's default): in range,
  // and otherwise left out of the comparison.
  const row = async (table: string, id: string) => {
    const [found] = await t.dataSource.query<{ row: Record<string, unknown> }[]>(
      `SELECT to_jsonb(x) - 'id' - 'reference' - 'created_at' - 'updated_at' AS row FROM ${table} x WHERE id = $1`,
      [id],
    );
    const { stat_key: key, ...rest } = found.row;
    expect(key).toBeGreaterThanOrEqual(0);
    expect(key).toBeLessThan(1_048_576);
    return rest;
  };

  it('writes a client and a case as TypeORM would, inside a transaction, and fills in the generated columns', async () => {
    const byTypeorm = client(`CL-T-${Date.now() % 100000}`);
    const byUs = client(`CL-U-${Date.now() % 100000}`);
    const teamId = await t.teamId('Tbilisi office');
    const kase = (id: string, clientId: string, reference: string) =>
      t.dataSource.getRepository(CaseEntity).create({
        id,
        reference,
        clientId,
        caseType: 'asylum',
        jurisdiction: 'AM',
        stage: 'intake',
        outcome: null,
        priority: 'high',
        assignedToId: null,
        teamId,
        grounds: ['political_opinion', 'conscientious_objection'],
        militaryStatus: 'unknown',
        summonsKind: 'none',
        summonsDate: null,
        desertionDate: null,
        referralSource: null,
        authorityReferences: null,
        decisionServedOn: null,
        openedOn: '2026-01-02',
        closedOn: null,
        nextDeadlineOn: null,
        claimSummary: null,
        serviceHistory: null,
      });
    const caseByTypeorm = kase(randomUUID(), byTypeorm.id, `HV-T-${Date.now() % 100000}`);
    const caseByUs = kase(randomUUID(), byUs.id, `HV-U-${Date.now() % 100000}`);
    await t.dataSource.transaction(async (manager) => {
      await manager.getRepository(ClientEntity).insert(byTypeorm);
      await manager.getRepository(CaseEntity).insert(caseByTypeorm);
      await insertEntity(manager, ClientEntity, byUs);
      await insertEntity(manager, CaseEntity, caseByUs);
    });
    expect(await row('client', byUs.id)).toEqual(await row('client', byTypeorm.id));
    expect({ ...(await row('legal_case', caseByUs.id)), client_id: null }).toEqual({
      ...(await row('legal_case', caseByTypeorm.id)),
      client_id: null,
    });
    // The generated columns came back as TypeORM's own insert gives them.
    for (const [ours, theirs] of [
      [byUs, byTypeorm],
      [caseByUs, caseByTypeorm],
    ] as [ClientEntity | CaseEntity, ClientEntity | CaseEntity][]) {
      expect(ours.createdAt).toBeInstanceOf(Date);
      expect(ours.version).toBe(1);
      expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    }
    expect(caseByUs.lastActivityAt).toBeInstanceOf(Date);
  });

  it('leaves nothing behind when its transaction fails', async () => {
    const lost = client(`CL-R-${Date.now() % 100000}`);
    await expect(
      t.dataSource.transaction(async (manager) => {
        await insertEntity(manager, ClientEntity, lost);
        await insertEntity(manager, ClientEntity, { ...lost, id: randomUUID() }); // the same reference: unique
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(
      await t.dataSource.query('SELECT id FROM client WHERE reference = $1', [lost.reference]),
    ).toEqual([]);
  });
});
