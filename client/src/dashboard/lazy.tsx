import { lazy } from 'react';

// Charts (recharts) load with the dashboard, not with the app shell. The Layout's Suspense shows a
// spinner meanwhile.
export const Dashboard = lazy(() =>
  import('./Dashboard').then((module) => ({ default: module.Dashboard })),
);
export const CaseloadPage = lazy(() =>
  import('./CaseloadPage').then((module) => ({ default: module.CaseloadPage })),
);
