import { Admin, Resource } from 'react-admin';
import { auditEvents } from './audit';
import { Dashboard } from './dashboard/Dashboard';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { i18nProvider } from './providers/i18nProvider';
import { theme } from './layout/theme';
import { teams } from './teams';
import { users } from './users';

// No `requireAuth`: it makes react-admin loop on history.pushState while signed out (stack-notes
// G15); every page checks authentication itself. No telemetry: Haven runs on closed networks.
export const App = () => (
  <Admin
    title="Haven"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={Layout}
    loginPage={LoginPage}
    dashboard={Dashboard}
    theme={theme}
    disableTelemetry
  >
    <Resource name="users" {...users} />
    <Resource name="teams" {...teams} />
    <Resource name="audit-events" {...auditEvents} />
  </Admin>
);
