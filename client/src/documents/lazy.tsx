import { CircularProgress } from '@mui/material';
import type { CaseResponse } from '@haven/shared';
import { lazy, Suspense } from 'react';

// The upload, preview and their dialogs load with the tab, not with the app.
const LazyCaseDocumentsTab = lazy(() =>
  import('./CaseDocumentsTab').then((module) => ({ default: module.CaseDocumentsTab })),
);

/** The case page's Documents tab, with its own spinner while its code arrives. */
export const CaseDocumentsTab = (props: { record?: CaseResponse }) => (
  <Suspense fallback={<CircularProgress size={24} />}>
    <LazyCaseDocumentsTab {...props} />
  </Suspense>
);
