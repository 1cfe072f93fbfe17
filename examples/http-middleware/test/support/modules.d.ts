// SPDX-License-Identifier: Apache-2.0
// Minimal typings for the two untyped dev dependencies (express 5 and compression ship no .d.ts;
// @types packages are not in the catalog). Only what the tests and the benchmark touch.
declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  export interface Request extends IncomingMessage {}
  export interface Response extends ServerResponse {
    send(body?: unknown): this;
    status(code: number): this;
    set(field: string, value: string): this;
    type(type: string): this;
    sendStatus(code: number): this;
  }
  export type Handler = (req: Request, res: Response, next: (error?: unknown) => void) => void;
  export interface Application {
    (req: IncomingMessage, res: ServerResponse): void;
    use(...handlers: unknown[]): this;
    get(path: string, ...handlers: Handler[]): this;
    listen(port: number, host: string, callback?: () => void): Server;
  }
  export default function express(): Application;
}

declare module 'compression' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default function compression(options?: {
    threshold?: number;
    level?: number;
  }): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
}
