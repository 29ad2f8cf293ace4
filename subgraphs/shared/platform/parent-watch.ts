/**
 * A service that `npm start` (scripts/launcher) started must not outlive the launcher: after a
 * `kill -9` of the launcher nobody would stop it, and the next `npm start` would find its ports
 * taken. So each service watches its parent and, once the parent is gone, shuts itself down the
 * way Ctrl-C does (its own SIGTERM handler: servers close, the database stops cleanly).
 *
 * Only active when the launcher started the process: it sets HUB_SUPERVISED=1 and gives it an
 * IPC channel. A service started alone (a deployment, `npm run start:federal`) is unaffected.
 */

/** Set by the launcher in every service it starts. */
export const SUPERVISED_ENV = 'HUB_SUPERVISED';

export interface ParentWatchOptions {
  /** How often the parent pid is compared, for the case that no IPC channel tells. */
  pollMs?: number;
  /** Exit anyway when the graceful shutdown has not ended the process after this long. */
  graceMs?: number;
  /** Watch even without the launcher's marker (the launcher watching its own wrapper). */
  force?: boolean;
  log?: (line: string) => void;
}

/** Returns whether a watch was installed. */
export function watchParent(options: ParentWatchOptions = {}): boolean {
  const supervised = process.env[SUPERVISED_ENV] === '1' && process.channel !== undefined;
  if (!supervised && !options.force) return false;
  const log = options.log ?? ((line: string) => console.error(line));
  const parent = process.ppid;
  let gone = false;

  const onGone = (why: string) => {
    if (gone) return;
    gone = true;
    clearInterval(poll);
    // The launcher read this process's output: with it gone, writes fail with EPIPE, which must
    // not end the process before its servers and database are closed.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    log(`parent process ${parent} is gone (${why}); shutting down`);
    setTimeout(() => process.exit(1), options.graceMs ?? 20_000).unref();
    // The service's own handler (shared/platform/shutdown.ts) stops it in order; without one, it ends now.
    if (process.listenerCount('SIGTERM') > 0) process.kill(process.pid, 'SIGTERM');
    else process.exit(1);
  };

  // The channel closes when the parent ends, however it ends (SIGKILL included).
  if (process.channel) process.once('disconnect', () => onGone('IPC channel closed'));
  // An orphan is adopted by init or a subreaper: its parent pid changes.
  const poll = setInterval(() => {
    if (process.ppid !== parent) onGone(`now a child of ${process.ppid}`);
  }, options.pollMs ?? 1000);
  poll.unref();
  // Listening for 'disconnect' keeps the channel referenced; the service's servers keep the
  // process alive anyway, and the channel must not keep an otherwise finished process running.
  process.channel?.unref();
  return true;
}
