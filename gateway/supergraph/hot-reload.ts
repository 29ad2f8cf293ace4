import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SupergraphManager } from '@apollo/gateway';

export interface SubgraphRoute {
  name: string;
  url: string;
}

export interface SupergraphStatus {
  /** Short fingerprint of the supergraph being served. */
  version: string;
  loadedAt: Date;
  subgraphs: SubgraphRoute[];
  /** The last artifact that could not be served, and why; null once a later one loads. */
  lastError: { at: Date; version: string; message: string } | null;
}

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

/** Short fingerprint of a supergraph SDL, reported by /ready. */
export function schemaVersion(supergraphSdl: string): string {
  return createHash('sha256').update(supergraphSdl).digest('hex').slice(0, 12);
}

/** The subgraphs and routing URLs a composed supergraph names (its join__Graph enum). */
export function subgraphRoutes(supergraphSdl: string): SubgraphRoute[] {
  return [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)].map((m) => ({
    name: m[1] as string,
    url: m[2] as string,
  }));
}

/**
 * Serves the supergraph artifact and swaps in a new one when the file changes, without a
 * restart: the gateway builds the new schema and query planner first and switches over only
 * when that succeeds, so requests in flight finish on the schema they started with. An artifact
 * that does not load is refused; the last good one keeps serving and `status.lastError` says why.
 */
export class SupergraphFile {
  status: SupergraphStatus;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly log: Logger,
    private readonly debounceMs = 150,
  ) {
    this.status = { version: '', loadedAt: new Date(0), subgraphs: [], lastError: null };
  }

  manager(): SupergraphManager {
    return {
      initialize: async ({ update }) => {
        const sdl = await readFile(this.file, 'utf8');
        this.accept(sdl);
        // Watch the folder, not the file: tools that write atomically replace the file by rename.
        this.watcher = watch(path.dirname(this.file), (_event, name) => {
          if (name !== path.basename(this.file)) return;
          clearTimeout(this.timer);
          this.timer = setTimeout(() => {
            this.reloading = this.reloading.then(() => this.reload(update));
          }, this.debounceMs);
        });
        return {
          supergraphSdl: sdl,
          cleanup: async () => {
            clearTimeout(this.timer);
            this.watcher?.close();
            await this.reloading;
          },
        };
      },
    };
  }

  private accept(sdl: string): void {
    this.status = {
      version: schemaVersion(sdl),
      loadedAt: new Date(),
      subgraphs: subgraphRoutes(sdl),
      lastError: null,
    };
  }

  private async reload(update: (sdl: string) => void): Promise<void> {
    let sdl: string;
    try {
      sdl = await readFile(this.file, 'utf8');
    } catch (error) {
      this.refuse('', `cannot read ${this.file}: ${(error as Error).message}`);
      return;
    }
    const version = schemaVersion(sdl);
    if (version === this.status.version) {
      // The artifact being served is back (after a refused one, say): nothing to load, but the
      // refusal no longer describes the file, so /ready must stop reporting it.
      if (this.status.lastError) {
        this.status = { ...this.status, lastError: null };
        this.log.info(`supergraph ${version} is the one served; the earlier refusal no longer applies`);
      }
      return;
    }
    try {
      update(sdl);
      this.accept(sdl);
      this.log.info(`supergraph ${version} loaded (${this.status.subgraphs.map((s) => s.name).join(', ')})`);
    } catch (error) {
      this.refuse(version, (error as Error).message);
    }
  }

  private refuse(version: string, message: string): void {
    this.status = { ...this.status, lastError: { at: new Date(), version, message } };
    this.log.error(`supergraph ${version || '(unreadable)'} refused, still serving ${this.status.version}: ${message}`);
  }
}
