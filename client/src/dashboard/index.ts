import BalanceIcon from '@mui/icons-material/Balance';

export { CaseloadPage, Dashboard } from './lazy';
export { en as dashboardEn, ru as dashboardRu } from './messages';

/** The caseload rebalancing page's route, for App.tsx's <CustomRoutes>. */
export const CASELOAD_PATH = '/caseload';

/**
 * The menu entry (supervisors and admins: `cases.reassign`), as data for layout/Menu.tsx's
 * MENU_ENTRIES. The supervisor's dashboard also links to it.
 */
export const CASELOAD_MENU_ENTRY = {
  resource: 'cases',
  action: 'reassign',
  to: CASELOAD_PATH,
  label: 'haven.dashboard.menu_caseload',
  icon: BalanceIcon,
};
