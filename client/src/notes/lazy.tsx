import { CircularProgress } from '@mui/material';
import { lazy, Suspense } from 'react';
import type { CaseNotesRecord } from './CaseNotesTab';

// The Markdown renderer and the diff library load with the tab, not with the app.
const LazyCaseNotesTab = lazy(() =>
  import('./CaseNotesTab').then((module) => ({ default: module.CaseNotesTab })),
);

export const NoteList = lazy(() =>
  import('./NoteList').then((module) => ({ default: module.NoteList })),
);

/** The case page's Grounds of claim tab, with its own spinner while its code arrives. */
export const CaseNotesTab = (props: { record?: CaseNotesRecord }) => (
  <Suspense fallback={<CircularProgress size={24} />}>
    <LazyCaseNotesTab {...props} />
  </Suspense>
);
