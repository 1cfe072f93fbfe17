// SPDX-License-Identifier: Apache-2.0
// @uacce/abi/testing: the device's side of the formats and general decoders, for tests, fakes and
// benchmarks. A driver writes requests, rings doorbells and reads what the device writes back
// with the main entry's hot-path codecs; a stand-in device (an in-process fake, a golden-vector
// test) needs the other direction: encode CQEs and context words, decode doorbells, SQEs and
// SGLs, state region sizes and write sysfs attributes. Re-exports only.
export { checksumWordFromGzipCrc } from './checksum';
export { type CqeFields, decodeCqe, encodeCqe } from './cqe';
export { decodeDoorbell, doorbellBytes } from './doorbell';
export { dusRegionSize, mmioRegionSize } from './regions';
export { type DecodedSgl, decodeSgl } from './sgl';
export { formatAlgorithms, formatApi, formatInteger, formatIsolate } from './sysfs';
export { decodeZipContext, encodeZipContext, type ZipContextState } from './zip-context';
export { decodeZipSqe, encodeZipSqe, ZIP_SQE_FIELD_NAMES, type ZipSqeFields } from './zip-sqe';
