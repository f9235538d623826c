import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { keepProtocolBatchesTogether } from "./pglite-batch-affinity";

/** PGlite (PostgreSQL in WASM) served on a loopback socket, so the app uses the same pg driver as production. */
export interface EmbeddedPostgres {
  /**
   * Discrete connection fields: pglite-socket has no auth and ignores the database name. With a unix socket
   * (the default) `host` is its directory, as libpq and node-postgres take it.
   */
  readonly host: string;
  readonly port: number;
  readonly dataDir: string | null;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** A directory to persist into, or null for an in-memory database (tests). */
  dataDir: string | null;
  /** Load a tarball produced by `dumpDataDir` (a migrated template) instead of starting empty. */
  loadDataDir?: Blob;
  /** The pg pool size the caller will use; the socket server must accept more (see notes/prisma-offline). */
  poolSize: number;
  /**
   * "unix" (default): a socket in a fresh 0700 directory, so only this user can connect — the server has no
   * authentication, and any local user could otherwise read and write every row, sessions included.
   * "tcp": 127.0.0.1 on a free port, for tools that need a TCP address (migration authoring, dev only).
   */
  listen?: "unix" | "tcp";
}

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly ownerPid: number) {
    super(
      `The embedded database at ${dataDir} is in use by process ${ownerPid}. ` +
        `Stop that process first (two processes writing one PGlite directory lose data).`,
    );
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const releaseLock = options.dataDir ? acquireDataDirLock(options.dataDir) : () => {};
  try {
    const db = await PGlite.create({
      dataDir: options.dataDir ?? undefined,
      loadDataDir: options.loadDataDir,
    });
    const maxConnections = options.poolSize + 2;
    if (options.listen === "tcp") {
      // Port 0: the OS picks a free port; 127.0.0.1 only, because the socket has no authentication.
      const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections });
      keepProtocolBatchesTogether(server, db);
      await server.start();
      const port = Number(new URL(`postgres://${server.getServerConn()}`).port);
      return { host: "127.0.0.1", port, dataDir: options.dataDir, stop: stopWith(server, db, releaseLock) };
    }
    // mkdtemp creates the directory 0700: nobody else can reach the socket inside it.
    const socketDir = mkdtempSync(path.join(tmpdir(), "encore-pglite-"));
    const server = new PGLiteSocketServer({ db, path: path.join(socketDir, `.s.PGSQL.${UNIX_SOCKET_PORT}`), maxConnections });
    keepProtocolBatchesTogether(server, db);
    await server.start();
    const stop = stopWith(server, db, releaseLock);
    return {
      host: socketDir,
      port: UNIX_SOCKET_PORT,
      dataDir: options.dataDir,
      async stop() {
        await stop();
        rmSync(socketDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** The number in the socket's file name (`.s.PGSQL.<port>`), as PostgreSQL clients expect it. */
const UNIX_SOCKET_PORT = 5432;

function stopWith(server: PGLiteSocketServer, db: PGlite, releaseLock: () => void): () => Promise<void> {
  return async () => {
    await server.stop();
    await db.close();
    releaseLock();
  };
}

/** Dumps an in-memory or on-disk PGlite database (used to build a migrated template once per test run). */
export async function dumpEmbeddedDatabase(dataDir: string | null, run: (db: PGlite) => Promise<void>): Promise<Blob> {
  const db = await PGlite.create({ dataDir: dataDir ?? undefined });
  try {
    await run(db);
    return (await db.dumpDataDir("none")) as Blob;
  } finally {
    await db.close();
  }
}

const heldLocks = new Set<string>();

function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(path.dirname(path.resolve(dataDir)), `.${path.basename(dataDir)}.lock`);
  if (heldLocks.has(lockPath)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      heldLocks.add(lockPath);
      return () => {
        heldLocks.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const ownerPid = Number(readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(ownerPid) && ownerPid > 0 && ownerPid !== process.pid && isProcessAlive(ownerPid)) {
        throw new DataDirLockedError(dataDir, ownerPid);
      }
      // The owner died (e.g. kill -9): its committed writes are safe on disk, so take the lock over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
