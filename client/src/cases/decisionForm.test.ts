import type { CaseResponse } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import {
  decisionUpdate,
  derivedService,
  initialDecision,
  receivedMeans,
  receivedOnLabelKey,
  trackForOutcome,
  validateDecision,
  type DecisionValues,
} from './decisionForm';

const TODAY = '2026-12-07';

function aCase(overrides: Partial<CaseResponse> = {}): CaseResponse {
  return {
    id: '00000000-0000-4000-8000-0000000000c1',
    reference: 'HV-2026-00001',
    clientId: '00000000-0000-4000-8000-0000000000d1',
    clientName: 'Aster Tesfay',
    caseType: 'asylum',
    jurisdiction: 'DE',
    stage: 'interview',
    outcome: null,
    priority: 'normal',
    assignedToId: null,
    teamId: '00000000-0000-4000-8000-0000000000aa',
    grounds: [],
    militaryStatus: 'none',
    openedOn: '2026-01-05',
    closedOn: null,
    nextDeadlineOn: null,
    lastActivityAt: '2026-11-01T00:00:00.000Z',
    createdAt: '2026-01-05T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 4,
    summonsKind: 'none',
    summonsDate: null,
    desertionDate: null,
    referralSource: null,
    authorityReferences: [],
    decisionServedOn: null,
    decisionReceivedOn: null,
    serviceMethod: null,
    procedureTrack: 'unknown',
    decisionService: null,
    claimSummary: null,
    serviceHistory: null,
    legalHold: null,
    ...overrides,
  };
}

const filled: DecisionValues = {
  outcome: 'rejected_manifestly_unfounded',
  procedureTrack: 'manifestly_unfounded',
  serviceMethod: 'reception_centre',
  decisionReceivedOn: '2026-11-23',
  override: false,
  decisionServedOn: '',
};

describe('what the arrival date means', () => {
  it('is the hand-over to the centre for a German reception centre, else the day received', () => {
    expect(receivedMeans('DE', 'reception_centre')).toBe('handed_to_centre');
    expect(receivedOnLabelKey('DE', 'reception_centre')).toBe(
      'haven.decision.received_on.handed_to_centre',
    );
    expect(receivedMeans('DE', 'post')).toBe('received');
    // No rule for the jurisdiction, or no method yet: the day it was received.
    expect(receivedMeans('FR', 'reception_centre')).toBe('received');
    expect(receivedOnLabelKey('DE', '')).toBe('haven.decision.received_on.received');
    expect(receivedMeans('DE', null)).toBe('received');
  });
});

describe('the derived service date', () => {
  it('adds the three days of § 10(4) AsylG to the hand-over to a German reception centre', () => {
    const derived = derivedService('DE', 'reception_centre', '2026-11-23');
    expect(derived?.servedOn).toBe('2026-11-26');
    expect(derived?.explanation.code).toBe('service.deemed');
  });

  it('is the day received where no rule deems otherwise, and nothing until both are known', () => {
    expect(derivedService('FR', 'post', '2026-11-23')).toMatchObject({
      servedOn: '2026-11-23',
      explanation: { code: 'service.on_receipt' },
    });
    expect(derivedService('DE', '', '2026-11-23')).toBeNull();
    expect(derivedService('DE', 'post', '')).toBeNull();
    expect(derivedService('DE', 'post', '2026-02-30')).toBeNull();
  });
});

describe('the track an outcome names', () => {
  it('takes the track from a manifestly-unfounded, inadmissible or Dublin outcome', () => {
    expect(trackForOutcome('rejected_manifestly_unfounded', 'unknown')).toBe(
      'manifestly_unfounded',
    );
    expect(trackForOutcome('dublin_transfer', 'regular')).toBe('dublin');
    expect(trackForOutcome('rejected', 'accelerated')).toBe('accelerated');
    expect(trackForOutcome('', 'regular')).toBe('regular');
  });
});

describe('the dialog’s starting values', () => {
  it('starts from the case, with the service date only when it was given rather than derived', () => {
    expect(initialDecision(aCase())).toEqual({
      outcome: '',
      procedureTrack: 'unknown',
      serviceMethod: '',
      decisionReceivedOn: '',
      override: false,
      decisionServedOn: '',
    });
    const given = aCase({
      decisionServedOn: '2026-11-24',
      decisionService: { code: 'service.given', params: { servedOn: '2026-11-24' } },
    });
    expect(initialDecision(given)).toMatchObject({
      override: true,
      decisionServedOn: '2026-11-24',
    });
  });
});

describe('checks before saving', () => {
  it('wants an outcome, a method and a real arrival day not in the future', () => {
    expect(validateDecision(filled, TODAY)).toEqual({});
    expect(
      validateDecision(
        { ...filled, outcome: '', serviceMethod: '', decisionReceivedOn: '2026-12-08' },
        TODAY,
      ),
    ).toEqual({
      outcome: 'ra.validation.required',
      serviceMethod: 'ra.validation.required',
      decisionReceivedOn: 'haven.validation.not_future',
    });
    expect(validateDecision({ ...filled, decisionReceivedOn: '2026-02-30' }, TODAY)).toEqual({
      decisionReceivedOn: 'haven.validation.day',
    });
  });

  it('checks a service date only when the user gives one', () => {
    expect(validateDecision({ ...filled, decisionServedOn: 'junk' }, TODAY)).toEqual({});
    expect(validateDecision({ ...filled, override: true }, TODAY)).toEqual({
      decisionServedOn: 'ra.validation.required',
    });
    expect(
      validateDecision({ ...filled, override: true, decisionServedOn: '2027-01-01' }, TODAY),
    ).toEqual({ decisionServedOn: 'haven.validation.not_future' });
  });
});

describe('the update that records the decision', () => {
  it('sends the decision and moves an earlier case on to the decision stage, leaving the service date to the server', () => {
    const record = aCase();
    const { data, previousData } = decisionUpdate(record, filled);
    expect(data).toEqual({
      outcome: 'rejected_manifestly_unfounded',
      procedureTrack: 'manifestly_unfounded',
      serviceMethod: 'reception_centre',
      decisionReceivedOn: '2026-11-23',
      stage: 'decision',
    });
    expect(previousData).toEqual(record);
  });

  it('leaves a case at the decision stage or later where it is', () => {
    expect(decisionUpdate(aCase({ stage: 'appeal' }), filled).data).not.toHaveProperty('stage');
    expect(decisionUpdate(aCase({ stage: 'decision' }), filled).data).not.toHaveProperty('stage');
  });

  it('always sends a service date the user gives, even one equal to the stored date', () => {
    const record = aCase({ decisionServedOn: '2026-11-24' });
    const { data, previousData } = decisionUpdate(record, {
      ...filled,
      override: true,
      decisionServedOn: '2026-11-24',
    });
    expect(data.decisionServedOn).toBe('2026-11-24');
    // The data provider sends what differs from previousData: without it there, the date is sent.
    expect(previousData).not.toHaveProperty('decisionServedOn');
    expect(previousData.version).toBe(record.version);
  });

  it('sends the derived date when an override is dropped and nothing the server derives from changed', () => {
    const record = aCase({
      outcome: 'rejected_manifestly_unfounded',
      procedureTrack: 'manifestly_unfounded',
      serviceMethod: 'reception_centre',
      decisionReceivedOn: '2026-11-23',
      decisionServedOn: '2026-11-24',
      decisionService: { code: 'service.given', params: { servedOn: '2026-11-24' } },
    });
    expect(decisionUpdate(record, filled).data.decisionServedOn).toBe('2026-11-26');
    // When the arrival date changes, the server derives the date itself.
    expect(
      decisionUpdate(record, { ...filled, decisionReceivedOn: '2026-11-20' }).data,
    ).not.toHaveProperty('decisionServedOn');
  });
});
