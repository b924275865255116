import { createHash } from 'node:crypto';
import type { ClientBase, Pool } from 'pg';

// Named prepared statements (database/sql.ts runs every statement through here unless it is asked to
// run unnamed): PostgreSQL parses a text once per connection and may keep a generic plan for it,
// instead of parsing and planning it on every request. For statements whose best plan does not
// depend on the values searched for; a trigram search, whose plan follows its pattern, runs unnamed.

/**
 * How many distinct statement texts may be prepared; past it, statements run unnamed. The core
 * statements (options.core: the audit insert, a case, a dashboard — fixed texts, few) have names of
 * their own, so that lists, whose texts vary with the filters a caller combines, cannot exhaust them.
 */
const MAX_NAMED = 256;
const MAX_CORE = 64;
const names = new Map<string, string>();
const taken = { core: 0, other: 0 };

/** Runs `text` under its name (taking one while fewer than MAX_NAMED are taken), or unnamed. */
export async function runNamed<T>(
  runner: Pool | ClientBase,
  text: string,
  values: readonly unknown[],
  core = false,
): Promise<T[]> {
  let name = names.get(text);
  const share = core ? 'core' : 'other';
  const naming = name === undefined && taken[share] < (core ? MAX_CORE : MAX_NAMED);
  if (naming) {
    // Taken before the first run, so that first runs in flight together cannot pass the bound.
    name = `haven_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
    taken[share] += 1;
  }
  try {
    const result = await runner.query<T & Record<string, unknown>>(
      name === undefined
        ? { text, values: values as unknown[] }
        : { name, text, values: values as unknown[] },
    );
    return result.rows;
  } catch (error) {
    // A text that fails its first run must not hold a name for good.
    if (naming) {
      names.delete(text);
      taken[share] -= 1;
    }
    throw error;
  }
}

/**
 * A statement as a route runs it: its text and values, and how — unnamed (planned for its values
 * on every run), prepared with PostgreSQL's own choice of plan, or prepared with the generic plan.
 * Routes whose statement is built apart from running it (the hot lists, a case) let the benchmark
 * run exactly what the API runs, without HTTP.
 */
export interface Statement {
  text: string;
  values: unknown[];
  plan: 'unnamed' | 'prepared' | 'generic';
}

let genericPlans = true;
/** `HAVEN_GENERIC_PLANS` (createApp): off, `generic` statements run on the main pool like the rest. */
export function setGenericPlans(enabled: boolean): void {
  genericPlans = enabled;
}
export const genericPlansEnabled = (): boolean => genericPlans;
