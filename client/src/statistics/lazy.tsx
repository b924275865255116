import { lazy } from 'react';

export const StatisticsPage = lazy(() =>
  import('./StatisticsPage').then((module) => ({ default: module.StatisticsPage })),
);
