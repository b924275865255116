import { ROLES, type Role } from '@haven/shared';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.js';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '../auth/password-policy.js';
import { db, first } from '../database/sql.js';
import { transaction } from '../database/transaction.js';

export interface CreateUserInput {
  email: string;
  role: string;
  fullName: string;
  /** A team's name or id. */
  team: string | null;
  password: string;
}

/** The first administrator of a new installation, or any account, from the command line. */
export async function createUser(
  dataSource: DataSource,
  input: CreateUserInput,
): Promise<{ id: string; email: string; role: Role }> {
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  }
  const role = input.role as Role;
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new Error('--email must be an email address');
  // The same policy as every other way a password is set (the first admin is the account most worth guessing).
  const problem = passwordProblem(input.password, email, [input.fullName]);
  if (problem) throw new Error(`password ${PASSWORD_PROBLEM_MESSAGES[problem]} (${problem})`);
  const passwordHash = await hashPassword(input.password);
  return transaction(dataSource, async (manager) => {
    let teamId: string | null = null;
    if (input.team) {
      const team = await first(
        manager,
        db
          .selectFrom('team')
          .select('id')
          .where((eb) =>
            eb.or([eb('name', '=', input.team!), eb(sql`id::text`, '=', input.team!)]),
          ),
      );
      if (!team) throw new Error(`--team: no team named "${input.team}"`);
      teamId = team.id;
    }
    if ((role === 'supervisor' || role === 'caseworker') && !teamId) {
      throw new Error(`--team is required for the role ${role}`);
    }
    const existing = await first(
      manager,
      db.selectFrom('app_user').select('id').where('email', '=', email),
    );
    if (existing) throw new Error(`An account with the email ${email} exists already`);
    const user = (await first(
      manager,
      db
        .insertInto('app_user')
        .values({
          email,
          full_name: input.fullName,
          password_hash: passwordHash,
          role,
          team_id: teamId,
        })
        .returning('id'),
    ))!;
    await new AuditService(dataSource).record(manager, null, {
      action: 'create',
      entityType: 'user',
      entityId: user.id,
      teamId,
      summary: `created a ${role} account from the command line`,
      details: { fields: ['email', 'fullName', 'role', 'teamId', 'password'], via: 'cli' },
    });
    return { id: user.id, email, role };
  });
}
