import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { DataSource } from 'typeorm';
import { ConfigError } from '../config/config.js';
import { db, exec, rows } from '../database/sql.js';

/**
 * Where a file's sealed chunks live (documents/envelope.ts). Only ciphertext passes through a
 * store: Haven encrypts before a byte leaves the process, whichever store it is.
 */
export interface BlobStore {
  /** Recorded on each document, so a file stays readable after the installation changes store. */
  readonly name: 'pg' | 's3';
  put(blobId: string, n: number, sealed: Buffer): Promise<void>;
  /** Chunks `first`…`last` in order, fetched a few at a time. */
  read(blobId: string, first: number, last: number): AsyncGenerator<Buffer>;
  /** Every chunk of a blob (an orphan's too: its count is not known). */
  delete(blobId: string): Promise<void>;
}

/** Chunks fetched per round trip when streaming a file out (16 × 256 KiB = 4 MiB at most held). */
const READ_BATCH = 16;

/** In PostgreSQL: one row per chunk, so one backup holds everything. */
export class PgBlobStore implements BlobStore {
  readonly name = 'pg';

  constructor(private readonly dataSource: DataSource) {}

  async put(blobId: string, n: number, sealed: Buffer): Promise<void> {
    await exec(
      this.dataSource,
      db.insertInto('document_chunk').values({ blob_id: blobId, n, data: sealed }),
    );
  }

  async *read(blobId: string, first: number, last: number): AsyncGenerator<Buffer> {
    for (let from = first; from <= last; from += READ_BATCH) {
      const to = Math.min(last, from + READ_BATCH - 1);
      const batch = await rows(
        this.dataSource,
        db
          .selectFrom('document_chunk')
          .select(['n', 'data'])
          .where('blob_id', '=', blobId)
          .where('n', '>=', from)
          .where('n', '<=', to)
          .orderBy('n'),
      );
      if (batch.length !== to - from + 1)
        throw new Error(`blob ${blobId}: chunks ${from}–${to} are missing`);
      for (const row of batch) yield row.data;
    }
  }

  async delete(blobId: string): Promise<void> {
    await exec(this.dataSource, db.deleteFrom('document_chunk').where('blob_id', '=', blobId));
  }
}

export interface S3Location {
  endpoint: string;
  bucket: string;
  prefix: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/**
 * `HAVEN_STORAGE_URL`: `s3://KEY:SECRET@host[:port]/bucket[/prefix]?region=…` (HTTPS) or
 * `s3+http://…` (plain HTTP, for a store on the same host or private network). Without
 * credentials in the URL the AWS SDK's usual chain applies (AWS_ACCESS_KEY_ID, instance roles).
 */
export function parseStorageUrl(raw: string): S3Location {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('HAVEN_STORAGE_URL must be a URL such as s3://key:secret@host/bucket');
  }
  if (url.protocol !== 's3:' && url.protocol !== 's3+http:')
    throw new ConfigError('HAVEN_STORAGE_URL must start with s3:// or s3+http://');
  const [bucket, ...prefix] = url.pathname.split('/').filter(Boolean);
  if (!bucket || !url.host)
    throw new ConfigError('HAVEN_STORAGE_URL must name a host and a bucket');
  return {
    endpoint: `${url.protocol === 's3:' ? 'https' : 'http'}://${url.host}`,
    bucket,
    prefix: prefix.length ? `${prefix.join('/')}/` : '',
    region: url.searchParams.get('region') ?? 'us-east-1',
    accessKeyId: url.username ? decodeURIComponent(url.username) : undefined,
    secretAccessKey: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

/** In an S3-compatible object store: one object per chunk, `<prefix><blobId>/<n>`. */
export class S3BlobStore implements BlobStore {
  readonly name = 's3';
  private readonly client: S3Client;

  constructor(private readonly location: S3Location) {
    this.client = new S3Client({
      endpoint: location.endpoint,
      region: location.region,
      forcePathStyle: true,
      credentials:
        location.accessKeyId && location.secretAccessKey
          ? { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey }
          : undefined,
      // Checksums only where S3 requires them: many S3-compatible stores refuse the SDK's newer
      // default trailers; each chunk carries its own GCM tag anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(blobId: string, n: number): string {
    return `${this.location.prefix}${blobId}/${n}`;
  }

  async put(blobId: string, n: number, sealed: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.location.bucket,
        Key: this.key(blobId, n),
        Body: sealed,
      }),
    );
  }

  async *read(blobId: string, first: number, last: number): AsyncGenerator<Buffer> {
    for (let n = first; n <= last; n++) {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(blobId, n) }),
      );
      if (!object.Body) throw new Error(`blob ${blobId}: chunk ${n} is missing`);
      yield Buffer.from(await object.Body.transformToByteArray());
    }
  }

  async delete(blobId: string): Promise<void> {
    for (;;) {
      const listed = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.location.bucket,
          Prefix: `${this.location.prefix}${blobId}/`,
          MaxKeys: 1000,
        }),
      );
      const keys = (listed.Contents ?? []).map((o) => o.Key!).filter(Boolean);
      if (keys.length === 0) return;
      for (let i = 0; i < keys.length; i += 16)
        await Promise.all(
          keys
            .slice(i, i + 16)
            .map((Key) =>
              this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key })),
            ),
        );
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}

/** The stores a running Haven can read: the one it writes to, and PostgreSQL (always readable). */
export class BlobStores {
  constructor(
    readonly current: BlobStore,
    private readonly pg: PgBlobStore,
  ) {}

  of(name: string): BlobStore {
    if (name === this.current.name) return this.current;
    if (name === 'pg') return this.pg;
    throw new Error(`documents stored in "${name}" need HAVEN_STORAGE_URL set to that store`);
  }
}
