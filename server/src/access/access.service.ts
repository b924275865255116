import { Injectable } from '@nestjs/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/actor.js';

/**
 * Record-level access, in one place. Each method narrows a query to the rows the actor may see,
 * set-based, so that lists, reads and writes share one rule and an invisible row is simply absent
 * (a 404 upstream). Features never write their own `where team_id = …`.
 */
@Injectable()
export class AccessService {
  /** Users: admins all; supervisors and caseworkers their team; analysts themselves. */
  scopeUsers<T extends ObjectLiteral>(actor: Actor, builder: SelectQueryBuilder<T>, alias: string): SelectQueryBuilder<T> {
    switch (actor.role) {
      case 'admin':
        return builder;
      case 'supervisor':
      case 'caseworker':
        return actor.teamId
          ? builder.andWhere(`(${alias}.teamId = :accessTeam OR ${alias}.id = :accessSelf)`, {
              accessTeam: actor.teamId,
              accessSelf: actor.id,
            })
          : builder.andWhere(`${alias}.id = :accessSelf`, { accessSelf: actor.id });
      case 'analyst':
        return builder.andWhere(`${alias}.id = :accessSelf`, { accessSelf: actor.id });
      default: {
        const exhaustive: never = actor.role;
        return exhaustive;
      }
    }
  }

  /** Teams: admins all; everyone else the team they belong to. */
  scopeTeams<T extends ObjectLiteral>(actor: Actor, builder: SelectQueryBuilder<T>, alias: string): SelectQueryBuilder<T> {
    if (actor.role === 'admin') return builder;
    if (!actor.teamId) return builder.andWhere('false');
    return builder.andWhere(`${alias}.id = :accessTeam`, { accessTeam: actor.teamId });
  }
}
