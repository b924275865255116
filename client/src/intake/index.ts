import { lazy } from 'react';

/** `/intake`: loaded on first use, so that the rest of the app does not carry the wizard. */
export const IntakePage = lazy(() =>
  import('./IntakePage').then((module) => ({ default: module.IntakePage })),
);

export { NewCaseButton, ProcessingBasisFlag } from './ClientIntakeParts';
