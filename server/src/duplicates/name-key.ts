/**
 * The name keys live in @haven/shared (shared/src/names/name-key.ts): the client transliterates the
 * Latin-only fields with the same tables. Re-exported here for the server's imports.
 */
export { clientNameKey, consonantSkeleton, foldWord, nameKey } from '@haven/shared';
