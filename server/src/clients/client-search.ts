import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { nameKey } from '@haven/shared';
import type { DB } from '../database/schema.js';

/**
 * The words of a search text as the name key has them (shared/src/names/name-key.ts): transliterated,
 * spelling variants folded, patronymics dropped — Dmitry, Dmitriy, Dmitrii and Дмитрий all give
 * `dmitri`. None for a text with digits (a reference: its letters alone, `hv`, would match names) or
 * without a word of three letters (too little for a trigram index to narrow, and for a person).
 */
export function searchKeyWords(text: string): string[] {
  if (/\p{N}/u.test(text)) return [];
  const words = nameKey(text).split(' ').filter(Boolean);
  // At most four words: the statement's text takes one of a few shapes.
  return words.some((word) => word.length >= 3) ? words.slice(0, 4) : [];
}

/** LIKE patterns: the key holds each word somewhere (keys are lower-case letters and spaces). */
export const keyContains = (words: readonly string[]) => words.map((word) => `%${word}%`);

type ClientEb = ExpressionBuilder<DB & { cl: DB['client'] }, 'cl'>;

/** The client's name key holds every word (an empty list matches nothing). */
export function nameKeyMatches(eb: ClientEb, words: readonly string[]): Expression<SqlBool> {
  if (words.length === 0) return sql<SqlBool>`false`;
  return eb.and(keyContains(words).map((pattern) => eb('cl.name_key', 'like', pattern)));
}

/**
 * A found client's rank in a search, lower first: 0 exact (the reference or one of their case's
 * references, a whole name, or every word of the query a whole word of the name key — Dmitry for
 * Дмитрий Соколов), 1 a prefix (a name, the reference, or a word of the key starts with each word),
 * 2 anything else that matched (a substring).
 */
export function clientSearchRank(
  eb: ClientEb,
  text: string,
  words: readonly string[],
  /** The caller's cases (`access.cases` over alias `rc`): a case they may not see ranks nothing. */
  visibleCase: Expression<SqlBool>,
): Expression<number> {
  const lower = text.toLowerCase();
  const prefix = `${lower.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const given = sql`lower(${eb.ref('cl.given_name')})`;
  const family = sql`lower(${eb.ref('cl.family_name')})`;
  const native = sql`lower(${eb.ref('cl.native_name')})`;
  const reference = sql`lower(${eb.ref('cl.reference')})`;
  const spacedKey = sql`(' ' || ${eb.ref('cl.name_key')} || ' ')`;
  const all = (parts: ReturnType<typeof sql>[]) =>
    parts.length > 0 ? sql.join(parts, sql` AND `) : sql`false`;
  const wholeWords = all(words.map((word) => sql`${spacedKey} LIKE ${`% ${word} %`}`));
  const wordStarts = all(words.map((word) => sql`${spacedKey} LIKE ${`% ${word}%`}`));
  // A case reference is looked up only for a text that could be one (it has digits).
  const caseReference = /\p{N}/u.test(text)
    ? sql`OR EXISTS (SELECT 1 FROM legal_case rc WHERE rc.client_id = ${eb.ref('cl.id')} AND lower(rc.reference) = ${lower} AND ${visibleCase})`
    : sql``;
  return sql<number>`CASE
    WHEN ${reference} = ${lower} OR ${given} = ${lower} OR ${family} = ${lower} OR ${native} = ${lower}
      OR ${given} || ' ' || ${family} = ${lower} OR ${family} || ' ' || ${given} = ${lower}
      OR (${wholeWords}) ${caseReference} THEN 0
    WHEN ${reference} LIKE ${prefix} OR ${given} LIKE ${prefix} OR ${family} LIKE ${prefix}
      OR ${native} LIKE ${prefix} OR (${wordStarts}) THEN 1
    ELSE 2 END`;
}
