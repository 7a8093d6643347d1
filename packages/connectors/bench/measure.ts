/** CPU and wall time of one benchmark step in this process. */
export interface Measured {
  name: string;
  records: number;
  wallSeconds: number;
  cpuSeconds: number;
  recordsPerSecond: number;
  cpuSecondsPerMillion: number;
  notes?: string;
}

export async function measured(
  name: string,
  records: number,
  work: () => Promise<number | undefined> | number | undefined,
  notes?: string,
): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const counted = (await work()) ?? records;
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const m: Measured = {
    name,
    records: counted,
    wallSeconds: round(wallSeconds),
    cpuSeconds: round(cpuSeconds),
    recordsPerSecond: Math.round(counted / wallSeconds),
    cpuSecondsPerMillion: round((cpuSeconds / counted) * 1e6),
  };
  if (notes) m.notes = notes;
  return m;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The median run by records/s of `passes` runs of the same step. */
export async function median(passes: number, run: () => Promise<Measured>): Promise<Measured> {
  const all: Measured[] = [];
  for (let i = 0; i < passes; i++) all.push(await run());
  all.sort((a, b) => a.recordsPerSecond - b.recordsPerSecond);
  return all[Math.floor(all.length / 2)];
}
