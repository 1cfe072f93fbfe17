// SPDX-License-Identifier: Apache-2.0
export { type CliOptions, type Engine, type Mode, parseArgs, USAGE } from './args';
export type { CliIo } from './io';
export { formatListEntry, LIST_HEADER, LIST_HEADER_VERBOSE, type ListEntry, listSource } from './list';
export { main, VERSION } from './main';
export { GzipMembers, type Trailing } from './members';
export type { ExitStatus } from './messages';
export {
  PROGRESS_THRESHOLD,
  ProgressBar,
  type ProgressTerminal,
  renderProgress,
  wantsProgress,
} from './progress';
export { formatRatio } from './ratio';
export { type EngineLabel, formatRate, formatSize, labelEngine } from './throughput';
export { type TransferRequest, type TransferResult, transfer } from './transfer';
