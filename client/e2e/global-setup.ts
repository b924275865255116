import type { TestProject } from 'vitest/node';
import { startHaven } from './harness';

/** One Haven for the whole browser suite: starting it (embedded PostgreSQL, demo data) is the slow part. */
export default async function setup(project: TestProject) {
  const haven = await startHaven();
  project.provide('havenUrl', haven.baseUrl);
  return async () => {
    await haven.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    havenUrl: string;
  }
}
