import { setPriority } from 'node:os';

/** The lowest scheduling priority (nice 19). */
const LOWEST = 19;

/**
 * Called on the processing thread: gives it the lowest CPU priority, so on a busy machine the threads
 * that frame, store and ACK (and answer the console) run first and processing takes the rest, catching up
 * once the load eases. Only on Linux, where a thread's nice value is its own; elsewhere the call would
 * lower the whole engine, so nothing is done.
 */
export function yieldCpuToIntake(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(LOWEST);
  } catch {
    // Not permitted (a sandbox): processing keeps the engine's priority.
  }
}
