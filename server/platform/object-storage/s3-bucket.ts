import fs from 'node:fs';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { ObjectStorageConfig } from '../config.js';

/** An object's key and size, as a listing gives them. */
export interface StoredObject {
  key: string;
  bytes: number;
}

const isNotFound = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.$metadata.httpStatusCode === 404 || error.name === 'NotFound' || error.name === 'NoSuchKey');

/** Tries of a file's upload, one after another: the SDK never retries a request whose body is a stream. */
const FILE_PUT_TRIES = 3;
const FILE_PUT_BACKOFF_MS = 500;

/** A refusal the bucket means (4xx: credentials, a missing bucket) is not tried again; the rest may pass. */
const mayPassLater = (error: unknown) => {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || status >= 500;
};

/**
 * One bucket of an S3-compatible store (MinIO, Ceph RGW, a cloud S3), with the
 * few operations an application needs: put, ranged get, size, list, delete.
 */
export class S3Bucket {
  readonly name: string;
  readonly #client: S3Client;

  constructor(config: ObjectStorageConfig) {
    this.name = config.bucket;
    this.#client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // Since 3.729 the SDK adds CRC32 checksums (and trailers) to every upload and checks them on
      // downloads by default. S3-compatible servers that predate them (older MinIO and Ceph RGW,
      // s3rver) refuse such uploads or send none back; the signature (SigV4, over the payload's
      // SHA-256) already protects every request, so checksums are sent only where an operation needs one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Buffer): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.name, Key: key, Body: body, ContentLength: body.length }),
    );
  }

  /** A file as one object, streamed (one PUT: up to S3's 5 GiB for a single upload). */
  /**
   * The file as one object, streamed. A connection that drops or a 5xx is tried again with the
   * file read anew: a recording's close must not wait for the node's next start over a hiccup.
   */
  async putFile(key: string, file: string): Promise<void> {
    const { size } = await fs.promises.stat(file);
    for (let tried = 1; ; tried++) {
      try {
        await this.#client.send(
          new PutObjectCommand({
            Bucket: this.name,
            Key: key,
            Body: fs.createReadStream(file),
            ContentLength: size,
          }),
        );
        return;
      } catch (error) {
        if (tried >= FILE_PUT_TRIES || !mayPassLater(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, FILE_PUT_BACKOFF_MS * tried));
      }
    }
  }

  /** The whole object, or undefined when there is none. */
  async get(key: string): Promise<Buffer | undefined> {
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.name, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Bytes `start` to `end` (inclusive) of an object, streamed. */
  async getRange(key: string, start: number, end: number): Promise<Readable> {
    const out = await this.#client.send(
      new GetObjectCommand({ Bucket: this.name, Key: key, Range: `bytes=${start}-${end}` }),
    );
    return out.Body as Readable;
  }

  /** The object's size, or undefined when there is none. */
  async size(key: string): Promise<number | undefined> {
    try {
      const out = await this.#client.send(new HeadObjectCommand({ Bucket: this.name, Key: key }));
      return out.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Every object whose key starts with `prefix`, in key order. */
  async list(prefix: string): Promise<StoredObject[]> {
    const found: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) found.push({ key: o.Key, bytes: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * One DELETE per key: the batch call (DeleteObjects) requires a body
   * checksum that not every S3-compatible server accepts.
   */
  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.#client.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }));
  }

  close(): void {
    this.#client.destroy();
  }
}
