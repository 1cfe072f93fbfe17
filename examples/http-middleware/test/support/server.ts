// SPDX-License-Identifier: Apache-2.0
// Test servers listen on 127.0.0.1 with an ephemeral port; nothing leaves loopback.
import { execFile, spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1:0 and returns its base URL and a close that ends idle sockets. */
export async function listen(server: Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Runs `curl --compressed` (asynchronously: the server under test lives in this process) and
 * returns the decoded body and the response headers (lower-cased names).
 */
export async function curlCompressed(
  url: string,
  extra: string[] = [],
): Promise<{ body: Buffer; headers: Map<string, string> }> {
  const { stdout: output } = await promisify(execFile)(
    'curl',
    ['--silent', '--show-error', '--compressed', '--include', ...extra, url],
    { timeout: 25_000, maxBuffer: 64 * 1024 * 1024, encoding: 'buffer' },
  );
  const separator = output.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of output.subarray(0, separator).toString('latin1').split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { body: output.subarray(separator + 4), headers };
}

/**
 * Reads server-sent events with `curl --no-buffer --compressed`, calling `onEvent` as each one is
 * decoded on curl's stdout; resolves with the response headers and the events once `count` arrived.
 */
export function curlEvents(
  url: string,
  count: number,
  onEvent: () => void,
): Promise<{ headers: Map<string, string>; events: string[] }> {
  const curl = spawn('curl', ['--silent', '--show-error', '--no-buffer', '--compressed', '--include', url]);
  return new Promise((resolve, reject) => {
    let text = '';
    let headers: Map<string, string> | undefined;
    const events: string[] = [];
    curl.on('error', reject);
    curl.on('close', (status) => {
      if (events.length < count) reject(new Error(`curl exited (${status}) after ${events.length} events`));
    });
    curl.stdout.setEncoding('latin1');
    curl.stdout.on('data', (chunk: string) => {
      text += chunk;
      if (!headers) {
        const end = text.indexOf('\r\n\r\n');
        if (end === -1) return;
        headers = new Map();
        for (const line of text.slice(0, end).split('\r\n').slice(1)) {
          const colon = line.indexOf(':');
          headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        text = text.slice(end + 4);
      }
      for (let boundary = text.indexOf('\n\n'); boundary !== -1; boundary = text.indexOf('\n\n')) {
        events.push(text.slice(0, boundary));
        text = text.slice(boundary + 2);
        onEvent();
      }
      if (events.length >= count) {
        curl.kill();
        resolve({ headers, events });
      }
    });
  });
}

/** A deterministic, compressible text body of `size` bytes. */
export function sampleText(size: number): string {
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india'];
  let text = '';
  let state = 7;
  while (text.length < size) {
    state = (state * 1103515245 + 12345) % 2147483648;
    text += `${words[state % words.length]} ${state % 1000}\n`;
  }
  return text.slice(0, size);
}
