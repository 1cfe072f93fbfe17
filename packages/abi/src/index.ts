// SPDX-License-Identifier: Apache-2.0
// @uacce/abi: uacce and HiSilicon QM/ZIP formats as pure data, as a driver uses them. The
// device's side (encoding CQEs, decoding doorbells and SQEs, writing sysfs) is in ./testing.
// Re-exports only.
export {
  adler32,
  adler32Combine,
  bitReverse32,
  crc32,
  crc32Combine,
  gzipCrcFromChecksumWord,
  zlibAdlerFromChecksumWord,
} from './checksum';
export {
  CQE_CMD_ID_OFFSET,
  CQE_PHASE_MASK,
  CQE_SIZE,
  CQE_SQ_HEAD_OFFSET,
  CQE_SQ_NUM_OFFSET,
  CQE_W7_OFFSET,
  cqePhase,
} from './cqe';
export {
  type DoorbellFields,
  type DoorbellStyle,
  doorbellOffset,
  doorbellStyleForHwType,
  encodeDoorbell,
  QM_DOORBELL_CMD_AEQ,
  QM_DOORBELL_CMD_CQ,
  QM_DOORBELL_CMD_EQ,
  QM_DOORBELL_CMD_SQ,
  QM_DOORBELL_OFFSET_V1,
  QM_DOORBELL_OFFSET_V2,
  QM_DOORBELL_SIZE,
} from './doorbell';
export * from './errors';
export * from './ioctl';
export * from './qm-version';
export * from './qp-structs';
export {
  computeDusLayout,
  DUS_DS_RX_FROM_END,
  DUS_DS_TX_FROM_END,
  type DusLayout,
  decodeQpDepthCap,
  QM_CQE_SIZE,
  QM_DOORBELL_PAGE_NR,
  QM_DOORBELL_SQ_CQ_BASE_V2,
  QM_Q_DEPTH,
  QM_QP_DB_INTERVAL,
  QM_QUEUE_DISABLED,
  ZIP_QP_DEPTH_CAP_DEFAULT,
} from './regions';
export * from './ring-index';
export {
  encodeSgl,
  isSglAligned,
  SGE_MAX_DATA_SIZE,
  SGE_SIZE,
  SGL_ALIGNMENT,
  SGL_HEADER_SIZE,
  SGL_MAX_ENTRIES,
  type Sgl,
  type SglEntry,
  sglByteLength,
} from './sgl';
export {
  type ApiInfo,
  hasAlgorithm,
  parseAlgorithms,
  parseApi,
  parseAvailableInstances,
  parseDeviceName,
  parseFlags,
  parseIsolate,
  parseIsolateStrategy,
  parseNumaNode,
  parseRegionSize,
  SYSFS_ATTRIBUTE_NAMES,
  SYSFS_ATTRIBUTES,
  type SysfsAttributeName,
} from './sysfs';
export * from './uacce';
export * from './zip-codes';
export {
  ZIP_CTX_BFINAL_MASK,
  ZIP_CTX_BLOCKST_OFFSET,
  ZIP_CTX_BUFFER_SIZE,
  ZIP_CTX_DW_MIRROR_OFFSETS,
  ZIP_CTX_HEAD_BIT_COUNT_MASK,
  ZIP_CTX_HEAD_BIT_COUNT_SHIFT,
  ZIP_CTX_HW_OFFSET,
  ZIP_CTX_HW_REPCODE_OFFSET,
  ZIP_CTX_REPCODE1_OFFSET,
  ZIP_CTX_REPCODE2_OFFSET,
  ZIP_CTX_ST,
  ZIP_CTX_ST_MASK,
  ZIP_CTX_STORE_MASK,
  ZIP_CTX_STOREBUF_OFFSET,
  ZIP_CTX_WINDOW_LENGTH_MASK,
  zipCtxBfinal,
  zipCtxBlockStartOffset,
  zipCtxHeadBitCount,
  zipCtxState,
  zipCtxStoreLength,
  zipCtxWindowLength,
} from './zip-context';
export * from './zip-limits';
export {
  decodeZipSqeResult,
  writeZipSqe,
  ZIP_SQE_DW7_OFFSET,
  ZIP_SQE_SIZE,
  ZIP_SQE_STATUS_OFFSET,
  ZIP_SQE_TAG_OFFSET_V1,
  ZIP_SQE_TAG_OFFSET_V3,
  type ZipSqeRequest,
  type ZipSqeResult,
  zipSqeStatus,
  zipSqeTag,
} from './zip-sqe';
export * from './zip-status';
