// SPDX-License-Identifier: Apache-2.0
// The queue engine's descriptors per second against a device that completes at once: measures
// qm's own cost per descriptor (ring write, doorbell, completion read), not the device's.
import { SkipError } from '../contenders/types';
import type { QueueTask, TaskResult } from '../tasks';

export async function runQueue(_task: QueueTask): Promise<TaskResult> {
  let module: Record<string, unknown>;
  try {
    module = (await import('@uacce/qm')) as Record<string, unknown>;
  } catch (error) {
    throw new SkipError(`@uacce/qm does not load (${(error as Error).message.split('\n')[0]})`);
  }
  throw new SkipError(
    `@uacce/qm exports no benchmark helper yet (exports: ${Object.keys(module).join(', ') || 'none'})`,
  );
}
