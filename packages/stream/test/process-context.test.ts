// SPDX-License-Identifier: Apache-2.0
// One hardware context per process: a process that loads both builds of this package (the ESM
// `import` and the CommonJS `require`, as a CJS plugin in an ESM app does) gets one engine, one
// queue pool and one set of counters. Runs the built package (dist/) in a child process on the
// emulator; the parent counts the device's queues between the steps.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@uacce/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

// The child: ESM first (configures, one hardware call), then CJS (one hardware call), reporting
// after each step and waiting for the parent's go before the next.
const CHILD = `
const { createRequire } = require('node:module');
const readline = require('node:readline');
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const step = async (report) => { console.log(JSON.stringify(report)); await lines.next(); };
(async () => {
  const esm = await import(${JSON.stringify(`${DIST}index.js`)});
  const cjs = createRequire(${JSON.stringify(DIST)})(${JSON.stringify(`${DIST}index.cjs`)});
  const data = Buffer.alloc(100000, 'uacce ');
  const hw = { engine: 'hardware', hardwareTimeout: 30000 };
  await esm.configureHardware({ env: JSON.parse(process.env.EMULATOR_ENV), maxQueues: 1 });
  await esm.promises.gzip(data, hw);
  await step({ step: 'esm', esm: esm.metrics(), cjs: cjs.metrics() });
  await cjs.promises.gzip(data, hw);
  await step({ step: 'cjs', esm: esm.metrics(), cjs: cjs.metrics(), distinct: esm.gzip !== cjs.gzip });
  await cjs.closeHardware();
  await step({ step: 'closed' });
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** The child's stdout as JSON lines, read one at a time. */
function lineReader(child: ChildProcessWithoutNullStreams): () => Promise<unknown> {
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return async () => {
    const next = await lines.next();
    if (next.done) throw new Error('the child exited early');
    return JSON.parse(next.value) as unknown;
  };
}

describe('a copy with another context layout', () => {
  it('refuses to share the context: ERR_UACCE_CONTEXT_CONFLICT on first use, nothing on import', async () => {
    const script = `
      globalThis[Symbol.for('@uacce/stream:process-context')] = { layout: -1, slots: {} };
      const zlib = require(${JSON.stringify(`${DIST}index.cjs`)});
      console.log('imported');
      try { zlib.gzipSync('x'); console.log('no error'); } catch (error) { console.log(error.code); }
    `;
    const child = spawn(process.execPath, ['-e', script]);
    const lines = createInterface({ input: child.stdout });
    const seen: string[] = [];
    for await (const line of lines) seen.push(line);
    expect(seen).toEqual(['imported', 'ERR_UACCE_CONTEXT_CONFLICT']);
  });
});

describe('one hardware context per process (ESM and CJS builds together)', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ api: 'hisi_qm_v3', devices: 1 });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('shares one queue pool and one set of counters', async () => {
    const child = spawn(process.execPath, ['-e', CHILD], {
      env: { ...process.env, EMULATOR_ENV: JSON.stringify(emulator.env) },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const nextLine = lineReader(child);
    const queuesOpen = async () =>
      (await emulator.faults.queues('hisi_zip-0')).filter((queue) => queue.state !== 'zombie').length;
    try {
      const afterEsm = (await nextLine()) as { esm: { hardware: { calls: number } } };
      const queuesAfterEsm = await queuesOpen();
      child.stdin.write('go\n');
      const afterCjs = (await nextLine()) as {
        esm: { hardware: { calls: number; requests: number } };
        cjs: { hardware: { calls: number; requests: number } };
        distinct: boolean;
      };
      const queuesAfterCjs = await queuesOpen();
      child.stdin.write('go\n');
      await nextLine();
      const queuesAfterClose = await queuesOpen();
      child.stdin.write('go\n');

      expect(afterEsm.esm.hardware.calls).toBe(1);
      expect(afterCjs.distinct).toBe(true); // two module instances really were loaded
      expect(afterCjs.esm).toEqual(afterCjs.cjs); // one set of counters
      expect(afterCjs.esm.hardware.calls).toBe(2);
      expect(queuesAfterEsm).toBeGreaterThan(0);
      expect(queuesAfterCjs).toBe(queuesAfterEsm); // the CJS call used the same pool
      expect(queuesAfterClose).toBe(0); // closeHardware() through CJS closed the ESM-configured engine
    } catch (error) {
      throw new Error(`${(error as Error).message}\nchild stderr: ${stderr}`);
    } finally {
      child.kill();
    }
  }, 60_000);
});
