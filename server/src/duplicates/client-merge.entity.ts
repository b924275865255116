import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A merge of a duplicate client into a surviving one: which cases moved, so it can be undone. */
@Entity('client_merge')
@Index('client_merge_surviving_id_idx', ['survivingId'])
@Index('client_merge_merged_id_idx', ['mergedId'])
export class ClientMergeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'client_merge_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  survivingId: string;

  @Column({ type: 'uuid' })
  mergedId: string;

  @Column({ type: 'uuid', array: true })
  caseIds: string[];

  @Column({ type: 'uuid' })
  mergedById: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  mergedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  undoneAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  undoneById: string | null;
}
