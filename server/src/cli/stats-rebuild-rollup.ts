import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { rebuildRollup, type RebuildResult } from '../statistics/rollup.service.js';

/**
 * `npm run haven -- stats:rebuild-rollup`: rebuilds the statistics rollup from the cases (docs/
 * decisions/0015), with progress on each step, and records it in the audit trail (counts only).
 * Safe while Haven runs: see `rebuildRollup`.
 */
export async function statsRebuildRollup(
  dataSource: DataSource,
  log: (line: string) => void,
): Promise<RebuildResult> {
  const result = await rebuildRollup(dataSource, log);
  await new AuditService(dataSource).recordNow(null, {
    action: 'update',
    entityType: 'statistics',
    summary: `statistics rollup rebuilt: ${result.cells} cells from ${result.cases} cases`,
    details: { kind: 'rollup_rebuild', via: 'cli', ...result },
  });
  return result;
}
