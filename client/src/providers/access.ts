import { PERMISSIONS, ROLES, hasPermission, type Permission, type Role } from '@haven/shared';

/**
 * Turns react-admin's (resource, action) into the shared permission name, so that the menu, the
 * routes and the buttons ask the same role map as the server's guard. The server still decides
 * record by record; this only hides what a role may never use.
 */

// Resources whose permission prefix is not their route name.
const PERMISSION_PREFIX: Record<string, string> = {
  'audit-events': 'audit',
  'data-requests': 'dataRequests',
};

const READ_ACTIONS = new Set(['list', 'show', 'read', 'export']);
const WRITE_ACTIONS = new Set(['create', 'edit', 'delete', 'clone', 'write']);

export function permissionFor(resource: string, action: string): Permission | null {
  const prefix = PERMISSION_PREFIX[resource] ?? resource;
  // A permission named after the action itself wins (`intake.create`, `cases.reassign`).
  const named = `${prefix}.${action}`;
  if ((PERMISSIONS as readonly string[]).includes(named)) return named as Permission;
  const verb = READ_ACTIONS.has(action) ? 'read' : WRITE_ACTIONS.has(action) ? 'write' : action;
  const permission = `${prefix}.${verb}`;
  // Deny by default: an action the role map does not name is not allowed to anyone.
  return (PERMISSIONS as readonly string[]).includes(permission)
    ? (permission as Permission)
    : null;
}

export function roleCanAccess(
  role: Role | null | undefined,
  resource: string,
  action: string,
): boolean {
  // A role this build does not know (a newer server) gets nothing rather than a crash.
  if (!role || !(ROLES as readonly string[]).includes(role)) return false;
  const permission = permissionFor(resource, action);
  return permission !== null && hasPermission(role, permission);
}
