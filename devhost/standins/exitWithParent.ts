/**
 * Exits when the process that started this one is gone (its parent id changes once it is
 * reparented), so a supervisor killed with SIGKILL, which cannot clean up, leaves no stand-in
 * behind.
 */
export function exitWithParent(intervalMs = 1000): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, intervalMs).unref();
}
