import { CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Columns every editable record carries: instants as timestamptz, and the optimistic-lock version. */
export abstract class TimestampedColumns {
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;
}
