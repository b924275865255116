import type { MigrationInterface } from 'typeorm';
import { Foundation1764331200000 } from './1764331200000-foundation.js';
import { ClientsCases1764417600000 } from './1764417600000-clients-cases.js';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [Foundation1764331200000, ClientsCases1764417600000];
