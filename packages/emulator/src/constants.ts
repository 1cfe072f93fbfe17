// SPDX-License-Identifier: Apache-2.0
// Hardware numbers the emulator models, taken from the spec (not from @uacce/abi's codecs, so a
// layout mistake cannot hide on both sides).

/** Emulated page size: region sizes and mmap offsets are multiples of it (spec §1.5). */
export const EMULATED_PAGE_SIZE = 4096;
/** ZIP SQE size in bytes (spec §4.1). */
export const SQE_SIZE = 128;
/** CQE size in bytes (spec §3.4). */
export const CQE_SIZE = 16;
/** SQ and CQ depth (spec §1.5, capability default 0x04000400). */
export const QUEUE_DEPTH = 1024;
/** Doorbell register offset in the MMIO region for hisi_qm_v2 and later (spec §3.3). */
export const DOORBELL_OFFSET = 0x1000;
/** MMIO region for v2/v3 without doorbell isolation: 1 + 0x1000/PAGE_SIZE pages (spec §1.5). */
export const MMIO_REGION_SIZE = (1 + 0x1000 / EMULATED_PAGE_SIZE) * EMULATED_PAGE_SIZE;
/** DUS region: PAGE_ALIGN(128·1024 + 16·1024) + one page = 0x25000 with 4 KiB pages (spec §1.5). */
export const DUS_REGION_SIZE =
  Math.ceil((SQE_SIZE * QUEUE_DEPTH + CQE_SIZE * QUEUE_DEPTH) / EMULATED_PAGE_SIZE) * EMULATED_PAGE_SIZE +
  EMULATED_PAGE_SIZE;
/** Offset of the CQ ring inside the DUS (spec §3.1). */
export const CQ_OFFSET = SQE_SIZE * QUEUE_DEPTH;
/** `ds_rx` status word at DUS size − 8 and `ds_tx` at DUS size − 4 (spec §2.7). */
export const DS_RX_OFFSET = DUS_REGION_SIZE - 8;
export const DS_TX_OFFSET = DUS_REGION_SIZE - 4;

/** Region types selected by the mmap offset in pages (spec §2.3). */
export const UACCE_QFRT_MMIO = 0;
export const UACCE_QFRT_DUS = 1;

/** ioctl numbers (spec §2.4). */
export const UACCE_CMD_START_Q = 0x00005700;
export const UACCE_CMD_PUT_Q = 0x00005701;
export const UACCE_CMD_QM_SET_QP_CTX = 0xc004480a;
export const UACCE_CMD_QM_SET_QP_INFO = 0xc010480b;

/** SET_QP_CTX accepts qc_type ≤ QM_MAX_QC_TYPE (spec §2.4). */
export const QM_MAX_QC_TYPE = 2;

/** Doorbell commands (spec §3.3). */
export const QM_DOORBELL_CMD_SQ = 0;
export const QM_DOORBELL_CMD_CQ = 1;

/** Default queues per device: the PF default `pf_q_num` (spec §2.2). */
export const DEFAULT_QUEUES_PER_DEVICE = 64;

/** Largest flat buffer the device accepts per descriptor (spec §7). */
export const MAX_FLAT_BUFFER = 8 * 1024 * 1024;
/** Smallest output space the device accepts in stateful mode (spec §7: "at least 200 bytes"). */
export const STATEFUL_MIN_OUTPUT = 200;
/** Below this dest_avail_out the device ignores the request (spec §7, `BYPASS_DEST_LEN`). */
export const BYPASS_DEST_LEN = 0x10;
/** SGL limits (spec §3.7). */
export const SGL_HEADER_SIZE = 64;
export const SGE_SIZE = 32;
export const SGE_MAX_PER_SGL = 255;
/** The hardware context must stay below this many bytes from DW22/23 (spec §4.7). */
export const HW_CONTEXT_LIMIT = 0x97c0;
