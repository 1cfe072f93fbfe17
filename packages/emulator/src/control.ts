// SPDX-License-Identifier: Apache-2.0
// The fault-injection and query channel: `D/control.sock` (0600), the same newline-delimited
// JSON framing as the device socket. Each request `{"id","op",...}` gets one reply
// `{"id","ok":true,...}` or `{"id","ok":false,"error":"..."}`.
import { createServer, type Server, type Socket } from 'node:net';
import type { Device } from './device';
import type { Emulator } from './emulator';
import { type Message, readMessages, sendMessage } from './protocol';

class ControlError {
  constructor(readonly error: string) {}
}

function deviceOf(emulator: Emulator, message: Message): Device {
  const device = typeof message.device === 'string' ? emulator.findDevice(message.device) : undefined;
  if (!device) throw new ControlError('unknown device');
  return device;
}

function count(message: Message, name: string, fallback: number): number {
  const value = message[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new ControlError(`bad ${name}`);
  return value;
}

function queueStates(device: Device) {
  return [...device.queues.values()].map((queue) => ({
    id: queue.id,
    state: queue.state,
    qcType: queue.qcType,
    sqHead: queue.sqHead,
    sqTail: queue.sqTail,
    completed: queue.completed,
    disabled: queue.disabled,
    stalled: queue.stalled,
    busy: queue.busy,
    doorbell: `0x${queue.lastDoorbell.toString(16)}`,
    recoveredSqDoorbells: queue.recoveredSqDoorbells,
  }));
}

type Handler = (emulator: Emulator, message: Message) => Message;

const HANDLERS: Record<string, Handler> = {
  devices: (emulator) => ({
    devices: [...emulator.devices.values()].map((device) => ({
      name: device.name,
      api: device.config.api,
      queues: device.config.queues,
      available: device.available,
      health: device.health,
      isolated: device.isolated,
    })),
  }),
  queues: (emulator, message) => {
    const device = deviceOf(emulator, message);
    const owners = new Map(emulator.filesOf(device).map((file) => [file.queue, file.pid]));
    return {
      queues: queueStates(device).map((state) => ({
        ...state,
        pid: owners.get(device.queues.get(state.id)) ?? 0,
      })),
    };
  },
  available: (emulator, message) => ({ available: deviceOf(emulator, message).available }),
  failNext: (emulator, message) => {
    const device = deviceOf(emulator, message);
    device.faults.failRemaining = count(message, 'count', 1);
    device.faults.failStatus = count(message, 'status', 0x02) & 0xff;
    return {};
  },
  corrupt: (emulator, message) => {
    deviceOf(emulator, message).faults.corruptRemaining = count(message, 'count', 1);
    return {};
  },
  slow: (emulator, message) => {
    emulator.slowDevice(deviceOf(emulator, message), count(message, 'delayMs', 0));
    return {};
  },
  stall: (emulator, message) => {
    const device = deviceOf(emulator, message);
    const stalled = message.stalled !== false;
    const only = message.queue;
    for (const queue of device.queues.values())
      if (only === undefined || only === queue.id) queue.stalled = stalled;
    emulator.wake();
    return {};
  },
  reset: (emulator, message) => {
    emulator.resetDevice(deviceOf(emulator, message));
    return {};
  },
  recover: (emulator, message) => {
    emulator.recoverDevice(deviceOf(emulator, message));
    return {};
  },
  isolate: (emulator, message) => {
    deviceOf(emulator, message).setIsolated(message.isolated !== false);
    return {};
  },
  remove: (emulator, message) => {
    emulator.removeDevice(deviceOf(emulator, message));
    return {};
  },
  kill: () => {
    // The device process dies as a crash would: no cleanup, no replies.
    process.kill(process.pid, 'SIGKILL');
    return {};
  },
};

function handle(emulator: Emulator, socket: Socket, message: Message): void {
  const handler = typeof message.op === 'string' ? HANDLERS[message.op] : undefined;
  try {
    if (!handler) throw new ControlError('unknown op');
    sendMessage(socket, { id: message.id, ok: true, ...handler(emulator, message) });
  } catch (failure) {
    const error = failure instanceof ControlError ? failure.error : String(failure);
    sendMessage(socket, { id: message.id, ok: false, error });
  }
}

/** Creates the control server (the caller listens on `D/control.sock`). */
export function createControlServer(emulator: Emulator): Server {
  return createServer((socket) => {
    readMessages(socket, (message) => handle(emulator, socket, message));
    socket.on('error', () => socket.destroy());
  });
}
