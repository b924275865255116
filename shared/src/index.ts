export * from './common/list-query.js';
export * from './auth/roles.js';
export * from './auth/permissions.js';
export * from './users/user.types.js';
export * from './teams/team.types.js';
export * from './audit/audit.types.js';
export * from './cases/case.enums.js';
