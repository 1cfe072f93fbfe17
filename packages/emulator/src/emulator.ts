// SPDX-License-Identifier: Apache-2.0
// The emulator process's core: the directory layout, the devices, the device socket
// (one connection = one open file) and the queues' lifetimes.
//
//   D/sys/class/uacce/<name>/…   sysfs-like attributes (spec §1.2)
//   D/uacce.sock                 device socket, 0600
//   D/control.sock               fault-injection socket, 0600
//   D/regions/<name>-q<id>-<n>-{mmio,dus}   region files, 0600
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorBinding } from '@uacce/native/emulator';
import { createControlServer } from './control';
import { Device } from './device';
import { DoorbellPoller } from './doorbell-poller';
import { type FileHost, OpenFile } from './open-file';
import type { ResolvedOptions } from './options';
import { readMessages } from './protocol';
import type { Queue } from './queue';
import { RingRunner } from './ring-runner';
import { StreamContexts } from './stream-contexts';

/** Paths and environment of a running emulator. */
export interface EmulatorLayout {
  dir: string;
  sysfsRoot: string;
  socketPath: string;
  controlPath: string;
  regionsDir: string;
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // The socket is created owner-only: the umask applies to bind(), then chmod makes it exact.
    const umask = process.umask(0o177);
    server.listen(path, () => {
      process.umask(umask);
      chmodSync(path, 0o600);
      server.off('error', reject);
      resolve();
    });
  });
}

/** Time between telling clients of a removal and zapping their mappings. */
export const REMOVAL_GRACE_MS = 100;

export class Emulator implements FileHost {
  readonly layout: EmulatorLayout;
  readonly devices = new Map<string, Device>();
  readonly files = new Set<OpenFile>();
  private readonly runners = new Map<OpenFile, RingRunner>();
  private readonly poller = new DoorbellPoller();
  private readonly contexts = new StreamContexts();
  private readonly server: Server;
  readonly systemPageSize: number;
  private readonly control: Server;
  /** The directory is a fresh temporary one of ours (no --dir): it goes with us. */
  private readonly ownsDir: boolean;

  constructor(
    private readonly native: EmulatorBinding,
    options: ResolvedOptions,
  ) {
    this.ownsDir = options.dir === undefined;
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'uacce-emulator-'));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.layout = {
      dir,
      sysfsRoot: join(dir, 'sys', 'class', 'uacce'),
      socketPath: join(dir, 'uacce.sock'),
      controlPath: join(dir, 'control.sock'),
      regionsDir: join(dir, 'regions'),
    };
    // A directory reused from an earlier run starts clean: no stale devices, regions or sockets.
    for (const stale of [
      join(dir, 'sys'),
      this.layout.regionsDir,
      this.layout.socketPath,
      this.layout.controlPath,
    ]) {
      rmSync(stale, { recursive: true, force: true });
    }
    mkdirSync(this.layout.sysfsRoot, { recursive: true });
    mkdirSync(this.layout.regionsDir, { recursive: true, mode: 0o700 });
    chmodSync(this.layout.regionsDir, 0o700);
    for (let index = 0; index < options.devices; index++) {
      const config = {
        name: `hisi_zip-${index}`,
        api: options.apis[index]!,
        queues: options.queuesPerDevice,
        numaNode: options.numaNodes[index]!,
      };
      const device = new Device(config, this.layout.sysfsRoot, this.layout.regionsDir, native);
      device.publish();
      this.devices.set(device.name, device);
    }
    this.systemPageSize = native.pageSize();
    this.server = createServer((socket) => this.accept(socket));
    this.control = createControlServer(this);
  }

  /** Starts serving the device socket and the control socket. */
  async listen(): Promise<void> {
    await listen(this.server, this.layout.socketPath);
    await listen(this.control, this.layout.controlPath);
  }

  private accept(socket: Socket): void {
    const file = new OpenFile(socket, this);
    this.files.add(file);
    readMessages(socket, (message) => file.handle(message));
    // A client that closes, disconnects or dies gets its queue back into the pool at once.
    const release = () => {
      file.release();
      this.files.delete(file);
      this.forgetClient(file.pid);
    };
    socket.on('close', release);
    socket.on('error', () => socket.destroy());
  }

  /** Drops the stream contexts of a process once it has no open file left. */
  private forgetClient(pid: number): void {
    if (pid === 0) return;
    for (const file of this.files) if (file.pid === pid) return;
    this.contexts.dropClient(pid);
  }

  findDevice(name: string): Device | undefined {
    return this.devices.get(name);
  }

  peerPid(socket: Socket): number {
    const handle = (socket as unknown as { _handle?: { fd?: number } })._handle;
    return handle?.fd !== undefined && handle.fd >= 0 ? this.native.peerPid(handle.fd) : -1;
  }

  queueStarted(file: OpenFile): void {
    const page = file.device!.doorbellPage(file.queue!);
    const runner = new RingRunner(file, this.native, this.contexts, page);
    page.targets.set(file.queue!.id, runner);
    this.runners.set(file, runner);
    this.poller.add(runner);
  }

  /** Stops a queue's runner: no more polling, and its page no longer reaches it. */
  private stopRunner(file: OpenFile): void {
    const runner = this.runners.get(file);
    if (!runner) return;
    runner.stop();
    this.poller.delete(runner);
    this.runners.delete(file);
    if (runner.page.targets.get(runner.queue.id) === runner) runner.page.targets.delete(runner.queue.id);
  }

  queueReleased(file: OpenFile): void {
    this.stopRunner(file);
    const queue = file.queue!;
    file.device!.release(queue);
    if (!queue.sharedMmio) queue.mmio.release();
    queue.dus.release();
  }

  /** Slow-down fault: every descriptor on `device` waits `delayMs`, including one already waiting. */
  slowDevice(device: Device, delayMs: number): void {
    device.faults.delayMs = delayMs;
    for (const [file, runner] of this.runners) if (file.device === device) runner.retime();
    this.wake();
  }

  /** Re-polls at once (after a fault changed what the device may do). */
  wake(): void {
    this.poller.wake();
  }

  /**
   * Device reset (spec §2.7): every queue gets ds_tx = 1, stops, then ds_rx = 1; in-flight work is
   * abandoned. The QM stays stopped (open and START fail EPERM) until recover(); queues stay
   * disabled until their file is closed and reopened. A {"ev":"poll"} wakes waiting clients so
   * they look at the status words.
   */
  resetDevice(device: Device): void {
    if (device.health === 'removed') return;
    device.health = 'reset';
    for (const queue of device.queues.values()) {
      queue.setStatusWords();
      queue.disabled = true;
    }
    for (const file of this.filesOf(device)) file.ready();
  }

  /** Ends a reset: new opens succeed again. */
  recoverDevice(device: Device): void {
    if (device.health === 'reset') device.health = 'normal';
  }

  /**
   * Device removal (spec §2.1, §6 item 13): every queue becomes a zombie (ioctl/mmap ENXIO, never
   * ready) with both status words set, as the kernel stops the QM before it removes the device;
   * its client gets {"ev":"removed"}; the sysfs directory disappears and later opens fail ENODEV.
   * The mappings are zapped (client access → SIGBUS) REMOVAL_GRACE_MS later: a driver that honours
   * the status words and the event has stopped touching them by then, one that does not faults.
   */
  removeDevice(device: Device): void {
    if (device.health === 'removed') return;
    const queues: Queue[] = [];
    for (const file of this.filesOf(device)) {
      const queue = file.queue!;
      queue.setStatusWords();
      queue.state = 'zombie';
      queue.disabled = true;
      this.stopRunner(file);
      device.release(queue);
      file.send({ ev: 'removed' });
      queues.push(queue);
    }
    device.health = 'removed';
    device.unpublish();
    const zap = setTimeout(() => {
      for (const queue of queues) {
        for (const region of queue.sharedMmio ? [queue.dus] : [queue.mmio, queue.dus]) {
          region.zap();
          region.release();
        }
      }
      device.sharedMmio?.zap();
      device.sharedMmio?.release();
    }, REMOVAL_GRACE_MS);
    zap.unref();
  }

  /** Open files holding a queue of `device`. */
  filesOf(device: Device): OpenFile[] {
    return [...this.files].filter((file) => file.device === device && file.queue?.state !== 'zombie');
  }

  /**
   * Removes what the emulator wrote: the whole directory when it created it, else the devices,
   * regions and sockets inside the caller's directory. Call after close().
   */
  removeFiles(): void {
    const { dir, socketPath, controlPath, regionsDir } = this.layout;
    const paths = this.ownsDir ? [dir] : [join(dir, 'sys'), regionsDir, socketPath, controlPath];
    for (const path of paths) rmSync(path, { recursive: true, force: true });
  }

  /** Stops serving and releases every queue; idempotent. */
  async close(): Promise<void> {
    this.poller.stop();
    for (const file of this.files) {
      file.release();
      file.socket.destroy();
    }
    this.files.clear();
    await Promise.all(
      [this.server, this.control].map(
        (server) => new Promise<void>((resolve) => server.close(() => resolve())),
      ),
    );
  }
}
