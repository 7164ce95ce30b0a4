// Memory figures for the bench scripts: resident memory read from /proc
// (Linux only), and the JS heap that survives a forced full garbage collection.
import { readdirSync, readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** A `Key:   123 kB` line of /proc/<pid>/<file>, in bytes; 0 once the process is gone. */
function procKiB(pid: number, file: "status" | "smaps_rollup", key: string): number {
  try {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/${file}`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident set size: every page the process has in RAM, shared ones included. */
export const rss = (pid: number): number => procKiB(pid, "status", "VmRSS");

/** Proportional set size: shared pages split among the processes sharing them, so a sum over processes counts each page once. */
export const pss = (pid: number): number => procKiB(pid, "smaps_rollup", "Pss");

/** `root` and all its descendants, found through the parent pid in /proc/<pid>/stat. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name in parentheses may hold spaces; the parent pid is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

let gc: (() => void) | undefined;

/**
 * JS heap in use right after a full, forced GC: what is still referenced, so
 * what a leak grows. Uses `--expose-gc`'s gc(), turning the flag on at run
 * time when the process was started without it.
 */
export function heapAfterGc(): number {
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = (globalThis.gc as (() => void) | undefined) ?? (runInNewContext("gc") as () => void);
  }
  gc();
  return process.memoryUsage().heapUsed;
}

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** A signed difference in KiB, e.g. growth per 1000 requests. */
export const kibDelta = (bytes: number): string => `${bytes >= 0 ? "+" : "−"}${(Math.abs(bytes) / 1024).toFixed(1)} KiB`;
