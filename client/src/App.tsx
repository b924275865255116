import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router';
import { ACCOUNT_PATH, AccountPage } from './account';
import { auditEvents } from './audit';
import { cases } from './cases';
import { clients } from './clients';
import { CASELOAD_PATH, CaseloadPage, Dashboard } from './dashboard';
import { dataRequests } from './data-requests';
import { deadlines } from './deadlines';
import { IntakePage } from './intake';
import { notes } from './notes';
import { STATISTICS_PATH, StatisticsPage } from './statistics';
import { RETENTION_PATH, RetentionPage } from './retention';
import { tasks } from './tasks';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { i18nProvider } from './providers/i18nProvider';
import { queryClient } from './providers/queryClient';
import { theme } from './layout/theme';
import { teams } from './teams';
import { users } from './users';

// No `requireAuth`: it makes react-admin loop on history.pushState while signed out (stack-notes
// G15); every page checks authentication itself. No telemetry: Haven runs on closed networks.
// Feature pages are loaded lazily (see each feature's index.ts); the Layout's Suspense shows a
// spinner while a page's chunk arrives.
export const App = () => (
  <Admin
    title="Haven"
    dataProvider={dataProvider}
    queryClient={queryClient}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={Layout}
    loginPage={LoginPage}
    dashboard={Dashboard}
    theme={theme}
    disableTelemetry
  >
    <Resource name="cases" {...cases} />
    <Resource name="clients" {...clients} />
    <Resource name="deadlines" {...deadlines} />
    <Resource name="tasks" {...tasks} />
    <Resource name="notes" {...notes} />
    <Resource name="users" {...users} />
    <Resource name="teams" {...teams} />
    <Resource name="audit-events" {...auditEvents} />
    <Resource name="data-requests" {...dataRequests} />
    <CustomRoutes>
      <Route path="/intake" element={<IntakePage />} />
      <Route path={STATISTICS_PATH} element={<StatisticsPage />} />
      <Route path={CASELOAD_PATH} element={<CaseloadPage />} />
      <Route path={ACCOUNT_PATH} element={<AccountPage />} />
      <Route path={RETENTION_PATH} element={<RetentionPage />} />
    </CustomRoutes>
  </Admin>
);
