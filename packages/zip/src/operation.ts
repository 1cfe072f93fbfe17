// SPDX-License-Identifier: Apache-2.0
// Driver algorithms are written once, as generators that yield each descriptor and receive its
// completed image; a runner drives them asynchronously (qm `submit`) or synchronously (qm
// `submitSync`, busy-poll). So block and stream logic is one code path for both APIs.

/** One descriptor for qm: the 128-byte SQE and every buffer it names (kept alive until done). */
export interface DeviceRequest {
  sqe: Uint8Array;
  keepAlive: unknown[];
}

/** A driver algorithm: yields descriptors, receives completed SQE images, returns its result. */
export type Operation<T> = Generator<DeviceRequest, T, Uint8Array>;

/** Runs an operation, awaiting each descriptor's completion. */
export async function runAsync<T>(
  operation: Operation<T>,
  submit: (request: DeviceRequest) => Promise<Uint8Array>,
): Promise<T> {
  let step = operation.next();
  while (!step.done) {
    let completed: Uint8Array;
    try {
      completed = await submit(step.value);
    } catch (error) {
      operation.return(undefined as T);
      throw error;
    }
    step = operation.next(completed);
  }
  return step.value;
}

/** Runs an operation with a busy-polling submit (no event-loop turn between descriptors). */
export function runSync<T>(operation: Operation<T>, submit: (request: DeviceRequest) => Uint8Array): T {
  let step = operation.next();
  while (!step.done) {
    let completed: Uint8Array;
    try {
      completed = submit(step.value);
    } catch (error) {
      operation.return(undefined as T);
      throw error;
    }
    step = operation.next(completed);
  }
  return step.value;
}
