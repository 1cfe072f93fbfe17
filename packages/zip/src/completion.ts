// SPDX-License-Identifier: Apache-2.0
// Reading a completed descriptor back: the tag must be ours, and the status decides between
// progress, stream end, "needs more output" and a typed error (spec §4.6). No status value is
// ever ignored: values the sources do not name raise ERR_UACCE_HW_STATUS_UNKNOWN.
import {
  decodeZipSqeResult,
  UacceDeviceError,
  ZIP_STATUS,
  type ZipSqeResult,
  zipStatusError,
} from '@uacce/abi';
import { dataError } from './errors';
import type { ZipDirection } from './format';

/** The fields the hardware writes back into the SQ slot (spec §4.2), the tag checked and left out. */
export type Completion = Omit<ZipSqeResult, 'tag'>;

/** What a completion means for the driver loop. */
export type CompletionOutcome = 'progress' | 'stream-end' | 'no-space';

/** Decodes a completed SQE image; throws ERR_UACCE_BAD_COMPLETION when the tag is not the one sent. */
export function readCompletion(bytes: Uint8Array, tag: number): Completion {
  const fields = decodeZipSqeResult(bytes);
  if (fields.tag !== tag) {
    throw new UacceDeviceError(
      'ERR_UACCE_BAD_COMPLETION',
      `completion tag ${fields.tag} does not match request tag ${tag}`,
    );
  }
  return fields;
}

/**
 * Classifies a completion's status:
 * - 0x00 and 0x0D (negative compression, a success) → progress; 0x13 → stream end when lstblk is set;
 * - 0x0E (dest_avail_out insufficient) → no-space, which the caller answers with more output;
 * - 0x10 on decompression → Z_DATA_ERROR "incorrect data check" (the device found a bad trailer);
 * - any other value on decompression → Z_DATA_ERROR whose `cause` is the HardwareStatusError:
 *   the sources do not say which undocumented statuses mean corrupt input, and node:zlib callers
 *   must see zlib's code; the cause keeps the status for callers that retry in software;
 * - any other value on compression → HardwareStatusError (ERR_UACCE_HW_STATUS, or
 *   ERR_UACCE_HW_STATUS_UNKNOWN for values no source names).
 */
export function classifyCompletion(completion: Completion, direction: ZipDirection): CompletionOutcome {
  const { status } = completion;
  if (status === ZIP_STATUS.SUCCESS.value || status === ZIP_STATUS.NEGACOMPRESS.value) return 'progress';
  if (status === ZIP_STATUS.DECOMP_END.value) return completion.lstblk ? 'stream-end' : 'progress';
  if (status === ZIP_STATUS.DSTLEN_OUT.value) return 'no-space';
  const hardware = zipStatusError(status);
  if (direction === 'compress') throw hardware;
  if (status === ZIP_STATUS.CRC_ERR.value) throw dataError('incorrectDataCheck', hardware);
  throw dataError('invalidData', hardware);
}
