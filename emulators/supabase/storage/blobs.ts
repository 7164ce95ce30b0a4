// The bytes of storage objects on local disk, under `<dataDir>/storage`.
// Each stored version of an object is one file named by its `version` uuid (the
// column Storage also keys its backend by), so a row always points at exactly
// one complete file: uploads stream into `tmp/`, are renamed into place before
// the row commits, and the file a row stopped pointing to is removed after the
// commit. A crash can at worst leave an unreferenced file, never a row whose
// bytes are missing. Names never reach the file system, so no object name can
// address a path outside this folder.
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { ERRORS } from "./errors.ts";

export interface ReceivedBlob {
  tempPath: string;
  size: number;
  /** Quoted MD5 of the bytes, the eTag S3 and Storage's file backend report. */
  eTag: string;
}

export class BlobStore {
  private readonly objectsDir: string;
  private readonly tempDir: string;

  constructor(root: string) {
    this.objectsDir = path.join(root, "objects");
    this.tempDir = path.join(root, "tmp");
  }

  /** Where a version's bytes live; null for a version the emulator never wrote (e.g. a row made in SQL). */
  private pathOf(version: string): string | null {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(version)) return null;
    return path.join(this.objectsDir, version.slice(0, 2), version);
  }

  private targetOf(version: string): string {
    const target = this.pathOf(version);
    if (!target) throw ERRORS.internal(`object version "${version}" is not a uuid`);
    return target;
  }

  /** Drops temp files a crashed or killed run left behind (older than an hour, so never a live upload's). */
  async sweepStaleTempFiles(): Promise<void> {
    const cutoff = Date.now() - 60 * 60 * 1000;
    const names = await readdir(this.tempDir).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(this.tempDir, name);
      const info = await stat(file).catch(() => null);
      if (info && info.mtimeMs < cutoff) await rm(file, { force: true });
    }
  }

  /**
   * Streams a request body into a temp file, refusing it once it passes
   * `maxBytes`. The rest of an oversized body is still read (and dropped) so
   * the client gets the 413 answer rather than a reset connection.
   */
  async receive(body: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | null, maxBytes: number): Promise<ReceivedBlob> {
    await mkdir(this.tempDir, { recursive: true });
    const tempPath = path.join(this.tempDir, randomUUID());
    const file = await open(tempPath, "wx");
    const md5 = createHash("md5");
    let size = 0;
    let tooLarge = false;
    try {
      for await (const chunk of body ?? []) {
        size += chunk.byteLength;
        if (size > maxBytes) tooLarge = true;
        if (tooLarge) continue;
        md5.update(chunk);
        await file.write(chunk);
      }
    } catch (error) {
      await file.close();
      await rm(tempPath, { force: true });
      throw error;
    }
    await file.close();
    if (tooLarge) {
      await rm(tempPath, { force: true });
      throw ERRORS.entityTooLarge();
    }
    return { tempPath, size, eTag: `"${md5.digest("hex")}"` };
  }

  /** Moves a received file into place as `version`; done inside the row's transaction. */
  async install(blob: ReceivedBlob, version: string): Promise<void> {
    const target = this.targetOf(version);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(blob.tempPath, target);
  }

  /** Copies a stored version to a new one (copy and cross-bucket operations). */
  async duplicate(fromVersion: string, toVersion: string): Promise<void> {
    await mkdir(this.tempDir, { recursive: true });
    const tempPath = path.join(this.tempDir, randomUUID());
    const source = this.pathOf(fromVersion);
    try {
      if (!source) throw Object.assign(new Error("no bytes for this version"), { code: "ENOENT" });
      await copyFile(source, tempPath);
    } catch (error) {
      await rm(tempPath, { force: true });
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw ERRORS.noSuchKey();
      throw error;
    }
    const target = this.targetOf(toVersion);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempPath, target);
  }

  async discard(blob: ReceivedBlob): Promise<void> {
    await rm(blob.tempPath, { force: true });
  }

  async remove(version: string | null | undefined): Promise<void> {
    const file = version ? this.pathOf(version) : null;
    if (file) await rm(file, { force: true });
  }

  /** Size of a stored version, or null when its file is gone. */
  async sizeOf(version: string): Promise<number | null> {
    const file = this.pathOf(version);
    if (!file) return null;
    try {
      return (await stat(file)).size;
    } catch {
      return null;
    }
  }

  /** A stream of the bytes `start..end` (inclusive) of a stored version. */
  read(version: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.targetOf(version), range);
  }
}
