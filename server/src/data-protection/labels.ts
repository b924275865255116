/**
 * The labels moved to shared/src/labels/labels.ts (the statistics CSV names codes with them too);
 * re-exported here for the subject-access summary's imports.
 */
export { LABELS } from '@haven/shared';
