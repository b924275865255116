import { describe, expect, it } from 'vitest';
import { casePayload, validateCase } from './caseForm';

const TODAY = '2026-12-07';
const valid = {
  caseType: 'asylum',
  jurisdiction: 'DE',
  openedOn: '2026-01-05',
  procedureTrack: 'unknown',
};

describe('case edit form: the decision’s fields', () => {
  it('accepts a track, a method and an arrival day', () => {
    expect(validateCase(valid, TODAY)).toEqual({});
    expect(
      validateCase(
        {
          ...valid,
          procedureTrack: 'manifestly_unfounded',
          serviceMethod: 'reception_centre',
          decisionReceivedOn: '2026-11-23',
        },
        TODAY,
      ),
    ).toEqual({});
  });

  it('refuses an arrival day in the future, an unknown method, and a cleared track', () => {
    const errors = validateCase(
      { ...valid, procedureTrack: '', serviceMethod: 'pigeon', decisionReceivedOn: '2026-12-08' },
      TODAY,
    );
    expect(errors).toMatchObject({
      procedureTrack: 'ra.validation.required',
      serviceMethod: { message: 'ra.validation.oneOf' },
      decisionReceivedOn: 'haven.validation.not_future',
    });
  });

  it('sends a cleared method and arrival day as null', () => {
    expect(casePayload({ ...valid, serviceMethod: '', decisionReceivedOn: ' ' })).toMatchObject({
      serviceMethod: null,
      decisionReceivedOn: null,
      procedureTrack: 'unknown',
    });
  });
});
