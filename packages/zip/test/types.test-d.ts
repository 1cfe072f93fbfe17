// SPDX-License-Identifier: Apache-2.0
// The public types the stream layer codes against (checked by tsc, not run).
import { expectTypeOf } from 'vitest';
import type { CompressSession, DecompressSession, FlushMode, ZipEngine, ZipFormat } from '../src/index';
import { openZipEngine } from '../src/index';

expectTypeOf(openZipEngine).returns.resolves.toEqualTypeOf<ZipEngine>();
expectTypeOf<ZipFormat>().toEqualTypeOf<'deflate-raw' | 'zlib' | 'gzip'>();
expectTypeOf<FlushMode>().toEqualTypeOf<'none' | 'sync' | 'full' | 'finish'>();
expectTypeOf<ZipEngine['formats']>().returns.toEqualTypeOf<ZipFormat[]>();
expectTypeOf<ZipEngine['compress']>().returns.resolves.toEqualTypeOf<Buffer>();
expectTypeOf<ZipEngine['decompressSync']>().returns.toEqualTypeOf<Buffer>();
expectTypeOf<CompressSession['write']>().returns.resolves.toEqualTypeOf<Uint8Array[]>();
expectTypeOf<DecompressSession['ended']>().toEqualTypeOf<boolean>();
expectTypeOf<DecompressSession['trailing']>().toEqualTypeOf<Uint8Array>();
expectTypeOf<ZipEngine['createDecompressSession']>().parameter(0).toHaveProperty('maxOutputLength');
