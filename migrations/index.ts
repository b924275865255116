import type { MigrationInterface } from 'typeorm';
import { Foundation1764331200000 } from './1764331200000-foundation.js';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [Foundation1764331200000];
