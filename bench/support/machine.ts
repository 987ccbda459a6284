import { cpus, totalmem, freemem, loadavg, platform, release, arch } from 'node:os';

/** What the figures were measured on: they mean little without it. */
export interface MachineDescription {
    cpuModel: string;
    cores: number;
    cpuSpeedMhz: number;
    totalMemoryBytes: number;
    freeMemoryBytes: number;
    loadAverage: number[];
    os: string;
    node: string;
}

/** Describes this machine and runtime (`os.cpus()`, memory, load, Node version). */
export function describeMachine(): MachineDescription {
    const list = cpus();
    return {
        cpuModel: list[0]?.model.trim() ?? 'unknown',
        cores: list.length,
        cpuSpeedMhz: list[0]?.speed ?? 0,
        totalMemoryBytes: totalmem(),
        freeMemoryBytes: freemem(),
        loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
        os: `${platform()} ${release()} ${arch()}`,
        node: process.version,
    };
}
