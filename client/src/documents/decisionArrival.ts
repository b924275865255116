import { SERVICE_METHODS, type CaseResponse, type ServiceMethod } from '@haven/shared';
import { check, day, oneOf, required, type FieldError } from '../common/validation';

/**
 * The question after a decision is uploaded — how and when did it arrive? — as pure functions. The
 * answer is the case's deemed-service facts (the same fields CaseEdit and the decision dialog
 * write); from them the server derives the legal service date that starts the appeal deadlines.
 */
export interface ArrivalValues {
  serviceMethod: ServiceMethod | '';
  decisionReceivedOn: string;
}

export type ArrivalField = keyof ArrivalValues;

export function initialArrival(
  record: Pick<CaseResponse, 'serviceMethod' | 'decisionReceivedOn'>,
): ArrivalValues {
  return {
    serviceMethod: record.serviceMethod ?? '',
    decisionReceivedOn: record.decisionReceivedOn ?? '',
  };
}

/** Both are needed for a service date; the day is a real one and not in the (server's) future. */
export function validateArrival(
  values: ArrivalValues,
  today: string,
): Partial<Record<ArrivalField, FieldError>> {
  const errors: Record<string, FieldError> = {};
  check(
    errors,
    'serviceMethod',
    required(values.serviceMethod),
    oneOf(values.serviceMethod, SERVICE_METHODS),
  );
  check(
    errors,
    'decisionReceivedOn',
    required(values.decisionReceivedOn),
    day(values.decisionReceivedOn, today),
  );
  return errors;
}

/** The PATCH's fields, or null when the case already says this (nothing to send). */
export function arrivalUpdate(
  record: Pick<CaseResponse, 'serviceMethod' | 'decisionReceivedOn'>,
  values: ArrivalValues,
): { serviceMethod: ServiceMethod; decisionReceivedOn: string } | null {
  if (!values.serviceMethod) return null;
  if (
    values.serviceMethod === record.serviceMethod &&
    values.decisionReceivedOn === record.decisionReceivedOn
  ) {
    return null;
  }
  return { serviceMethod: values.serviceMethod, decisionReceivedOn: values.decisionReceivedOn };
}
