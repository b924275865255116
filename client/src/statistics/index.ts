import QueryStatsIcon from '@mui/icons-material/QueryStats';

export { StatisticsPage } from './lazy';
export { en as statisticsEn, ru as statisticsRu } from './messages';
export { fetchFile, saveBlob } from './download';

/** The statistics page's route, for App.tsx's <CustomRoutes>. */
export const STATISTICS_PATH = '/statistics';

/** The menu entry (analysts, supervisors, admins: `statistics.read`), for MENU_ENTRIES. */
export const STATISTICS_MENU_ENTRY = {
  resource: 'statistics',
  action: 'read',
  to: STATISTICS_PATH,
  label: 'haven.statistics.menu',
  icon: QueryStatsIcon,
};
