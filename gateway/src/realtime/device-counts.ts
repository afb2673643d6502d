// The device widget's counts, live: when a commit changed a device's status or its open case,
// every screen room gets the counts of its scope again — at most once per interval, however many
// devices changed, and computed from the registry in memory (no query).
import { levelOf } from '../../protocol/scope.js';
import type { DeviceCounts } from '../../protocol/devices.js';
import type { CommittedChanges } from '../db/writer.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { ScreenNamespace } from './screen-hub.js';

/** Streams whose changes move the counts: status, alarms (a case opens), events (a case closes). */
const MOVING = new Set(['deviceStatus', 'deviceAlarms', 'events']);

export class DeviceCountsPush {
  private dirty = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly nsp: ScreenNamespace,
    private readonly registry: DeviceRegistry,
    private readonly committedSeq: () => number,
    everyMs: number,
  ) {
    this.timer = setInterval(() => this.push(), everyMs);
    this.timer.unref();
  }

  /** Called by the writer after each commit. */
  committed(changes: CommittedChanges): void {
    if (!this.dirty) this.dirty = changes.runs.some((r) => MOVING.has(r.stream));
  }

  private push(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const seq = this.committedSeq();
    for (const room of this.nsp.adapter.rooms.keys()) {
      if (levelOf(room) === null) continue; // a socket's own room
      const counts: DeviceCounts = { scope: room, ...this.registry.counts(room), seq };
      this.nsp.to(room).emit('deviceCounts', counts);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
