import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RoomModeReason, RoomPath } from '../../protocol/index.js';

/** What the SFU controller of this node reports to /metrics. */
export class SfuMetrics {
  readonly switches: Counter<'reason'>;
  readonly switchSeconds: Histogram<'path'>;

  constructor(
    registry: Registry,
    sources: {
      readonly roomsByPath: () => Record<RoomPath, number>;
      readonly healthyInstances: () => number;
      readonly instances: () => number;
    },
  ) {
    const registers = [registry];
    new Gauge({
      name: 'confab_rooms_by_path',
      help: 'Rooms with members on this node, by how their media travels (mesh or sfu)',
      labelNames: ['path'],
      registers,
      collect() {
        const rooms = sources.roomsByPath();
        this.set({ path: 'mesh' }, rooms.mesh);
        this.set({ path: 'sfu' }, rooms.sfu);
      },
    });
    new Gauge({
      name: 'confab_sfu_instances_healthy',
      help: 'SFU (Janus) instances this node can put rooms on right now',
      registers,
      collect() {
        this.set(sources.healthyInstances());
      },
    });
    new Gauge({
      name: 'confab_sfu_instances',
      help: 'SFU (Janus) instances configured',
      registers,
      collect() {
        this.set(sources.instances());
      },
    });
    this.switches = new Counter({
      name: 'confab_sfu_switches_total',
      help: 'Room mode changes this node decided, by reason (grew, shrank, sfu-lost, ...)',
      labelNames: ['reason'],
      registers,
    });
    this.switchSeconds = new Histogram({
      name: 'confab_sfu_switch_seconds',
      help: 'From the decision to switch a room to its new mode being announced, by new path',
      labelNames: ['path'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
  }

  switched(reason: RoomModeReason, path: RoomPath, seconds: number): void {
    this.switches.inc({ reason });
    this.switchSeconds.observe({ path }, seconds);
  }
}
