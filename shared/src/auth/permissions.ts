import type { Role } from './roles.js';

/**
 * Every permission Haven knows, as `<resource>.<action>`. The server's guard reads the role map
 * below for every route; the client's menu and `canAccess` read the same map, so the two cannot
 * disagree. Record-level scope (own team, own cases) is applied on top by the server's access service.
 */
export const PERMISSIONS = [
  'auth.self',
  'users.read',
  'users.write',
  'teams.read',
  'teams.write',
  'audit.read',
  'audit.verify',
  'clients.read',
  'clients.write',
  'clients.merge',
  'cases.read',
  'cases.write',
  'cases.reassign',
  'intake.create',
  'deadlines.read',
  'deadlines.write',
  'notes.read',
  'notes.write',
  'notes.review',
  'documents.read',
  'documents.write',
  'tasks.read',
  'tasks.write',
  'tasks.review',
  'dashboard.read',
  'statistics.read',
  // Data protection (GDPR Art. 15–17): the person's own copy, erasure, retention, their requests.
  'clients.export',
  'clients.anonymise',
  'cases.hold',
  'retention.manage',
  'dataRequests.read',
  'dataRequests.write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CASEWORK: Permission[] = [
  'clients.read',
  'clients.write',
  'cases.read',
  'cases.write',
  'intake.create',
  'deadlines.read',
  'deadlines.write',
  'notes.read',
  'notes.write',
  'documents.read',
  'documents.write',
  'tasks.read',
  'tasks.write',
  'dataRequests.read',
  'dataRequests.write',
];

/** The role map: what each role may ever do (before record-level scope). */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [...PERMISSIONS],
  supervisor: [
    'auth.self',
    'users.read',
    'teams.read',
    'audit.read',
    ...CASEWORK,
    'cases.reassign',
    'notes.review',
    'tasks.review',
    'clients.merge',
    'clients.export',
    'cases.hold',
    'dashboard.read',
    'statistics.read',
  ],
  caseworker: ['auth.self', 'users.read', 'teams.read', ...CASEWORK, 'dashboard.read'],
  analyst: ['auth.self', 'users.read', 'teams.read', 'dashboard.read', 'statistics.read'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
