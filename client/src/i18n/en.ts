import englishMessages from 'ra-language-english';
import { mergeMessages } from './merge';

/**
 * English: react-admin's messages plus Haven's. `ru.ts` has exactly the same keys (a unit test
 * checks it), so add every new string to both files.
 */
export const en = mergeMessages(englishMessages, {
  ra: {
    // ra-language-russian has this key and ra-language-english does not; keep the two in step.
    navigation: { prev: 'Go to previous page' },
  },
  haven: {
    app: { title: 'Haven' },
    menu: {
      dashboard: 'Dashboard',
      users: 'Users',
      teams: 'Teams',
      audit: 'Audit trail',
    },
    auth: {
      email: 'Email',
      wrong_credentials: 'Wrong email or password',
      too_many_attempts:
        'Too many failed attempts, try again in %{smart_count} minute |||| Too many failed attempts, try again in %{smart_count} minutes',
      too_many_attempts_later: 'Too many failed attempts, try again later',
      session_ended: 'Your session has ended, please sign in again',
    },
    errors: {
      network: 'Haven cannot be reached. Check your connection and try again.',
      forbidden: 'Your role does not allow this.',
      conflict: 'Someone else changed this record; reload to see their changes',
      too_large: 'This is too large to send.',
      throttled: 'Too many requests; wait a moment and try again.',
      server:
        'Something went wrong on the server. Try again; if it keeps happening, tell your administrator.',
      delete_not_supported:
        'Records cannot be deleted. To stop someone from signing in, deactivate their account.',
    },
    roles: {
      admin: 'Administrator',
      supervisor: 'Supervisor',
      caseworker: 'Caseworker',
      analyst: 'Analyst',
    },
    locales: {
      en: 'English',
      ru: 'Русский',
    },
    validation: {
      password_min: 'At least %{min} characters',
      country: 'Choose a country',
      team_required: 'Supervisors and caseworkers belong to a team',
      own_admin_role: 'You cannot give up your own administrator role',
      own_account_active: 'You cannot deactivate your own account',
    },
    users: {
      new_password: 'Set a new password',
      password_help_create: 'At least %{min} characters. The user can change it later.',
      password_help_edit: 'Leave empty to keep the current password.',
      no_team: 'No team',
      active_help: 'Deactivating an account signs its user out at once.',
    },
    teams: {
      country_help: 'The country whose procedures this team works with',
    },
    audit: {
      verify: 'Verify chain',
      verify_title: 'Audit trail check',
      verify_ok:
        'The audit trail is intact: %{smart_count} event checked. |||| The audit trail is intact: %{smart_count} events checked.',
      verify_broken:
        'The audit trail has been altered at event #%{seq}: %{reason}. Events checked: %{checked}.',
      verify_failed: 'The check could not run.',
      reasons: {
        hash_mismatch: 'its content does not match its hash',
        broken_link: 'it does not link to the event before it',
      },
      system: 'System',
      actions: {
        auth: {
          login: 'Sign-in',
          login_failed: 'Failed sign-in',
          logout: 'Sign-out',
        },
        create: 'Create',
        read: 'Read',
        update: 'Update',
        delete: 'Delete',
        reassign: 'Reassign',
        export: 'Export',
        verify: 'Verify',
      },
    },
    dashboard: {
      welcome: 'Welcome, %{name}',
      role: 'Role',
      team: 'Team',
      no_team: 'No team',
      empty: 'Dashboards arrive with case work: your cases, deadlines and tasks will appear here.',
    },
  },
  resources: {
    users: {
      name: 'User |||| Users',
      fields: {
        email: 'Email',
        fullName: 'Full name',
        role: 'Role',
        teamId: 'Team',
        active: 'Active',
        locale: 'Language',
        password: 'Password',
        createdAt: 'Created',
        updatedAt: 'Updated',
        q: 'Search',
      },
    },
    teams: {
      name: 'Team |||| Teams',
      fields: {
        name: 'Name',
        country: 'Country',
        createdAt: 'Created',
        updatedAt: 'Updated',
        q: 'Search',
      },
    },
    'audit-events': {
      name: 'Audit event |||| Audit trail',
      fields: {
        seq: 'No.',
        at: 'Time',
        actorId: 'Actor',
        action: 'Action',
        entityType: 'Record type',
        entityId: 'Record',
        ip: 'IP address',
        summary: 'Summary',
        at_gte: 'From',
        at_lte: 'Until',
        q: 'Search',
      },
    },
  },
});
