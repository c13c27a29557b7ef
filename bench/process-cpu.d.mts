/** CPU time (user + system) a process has used, in microseconds. */
export function cpuMicros(pid: number): number;
