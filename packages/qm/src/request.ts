// SPDX-License-Identifier: Apache-2.0
// One descriptor on its way through the engine.

/** What a caller submits: one SQE image and the Buffers it names. */
export interface SubmitRequest {
  /** The 128-byte SQE (sqe_size bytes); copied into the ring, not retained. */
  sqe: Uint8Array;
  /** Everything the device may read or write through this SQE: kept alive until completion is consumed. */
  keepAlive?: readonly unknown[];
  /** Overrides the pool's request timeout (ms; 0 = none). */
  timeoutMs?: number;
}

/** The engine's record of a request; lives in the wait queue, then in its SQ slot. */
export interface PendingRequest {
  readonly sqe: Uint8Array;
  /** Held (never read) so the device's buffers outlive the descriptor (docs/design.md, "SVA"). */
  keepAlive: readonly unknown[] | undefined;
  /** performance.now() deadline; Infinity when none. */
  readonly deadline: number;
  /** True once the caller has its result or error; a late completion is then only released. */
  settled: boolean;
  complete(result: Uint8Array): void;
  fail(error: Error): void;
}

/** Settles `request` once with a result. */
export function completeRequest(request: PendingRequest, result: Uint8Array): void {
  if (request.settled) return;
  request.settled = true;
  request.complete(result);
}

/** Settles `request` once with an error. */
export function failRequest(request: PendingRequest, error: Error): void {
  if (request.settled) return;
  request.settled = true;
  request.fail(error);
}
