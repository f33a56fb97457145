import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createUndiciTransport, MAX_RESPONSE_BODY_BYTES } from '../../src/client/transport.js';

/** A local server that counts the connections it accepted and tracks which are still open. */
async function startServer(): Promise<{
  server: Server;
  url: string;
  accepted: () => number;
  open: Set<Socket>;
}> {
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((_req, res) => {
    // Answers late enough that concurrent requests need connections of their own.
    setTimeout(() => res.end('{}'), 30);
  });
  server.on('connection', (socket: Socket) => {
    accepted++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/api/v1/tasks/x`, accepted: () => accepted, open };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('undici transport warm-up', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const running = server;
    server = undefined;
    if (!running) return;
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  });

  it('opens the connections ahead, and the first requests use them instead of connecting', async () => {
    const s = await startServer();
    server = s.server;
    const transport = createUndiciTransport({});
    try {
      await transport.warmUp?.(s.url, 3);
      await until(() => s.accepted() === 3);
      expect(s.accepted()).toBe(3);
      const answers = await Promise.all(
        [0, 1, 2].map(() => transport.get({ url: s.url, headers: {}, timeoutMs: 5000 })),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(s.accepted()).toBe(3);
    } finally {
      await transport.close();
    }
  });

  it('tells each request when its headers were written to the socket', async () => {
    const s = await startServer();
    server = s.server;
    const transport = createUndiciTransport({});
    try {
      const order: string[] = [];
      const sent = [0, 1].map((i) =>
        transport
          .get({
            url: s.url,
            headers: { 'x-test': `request-${i}` },
            timeoutMs: 5000,
            onSent: () => order.push(`sent ${i}`),
          })
          .then(() => order.push(`answered ${i}`)),
      );
      await Promise.all(sent);
      expect(order.indexOf('sent 0')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('sent 0')).toBeLessThan(order.indexOf('answered 0'));
      expect(order.indexOf('sent 1')).toBeLessThan(order.indexOf('answered 1'));
    } finally {
      await transport.close();
    }
  });

  it('closes the connections opened ahead and never used', async () => {
    const s = await startServer();
    server = s.server;
    const transport = createUndiciTransport({});
    await transport.warmUp?.(s.url, 2);
    await until(() => s.accepted() === 2);
    await transport.get({ url: s.url, headers: {}, timeoutMs: 5000 });
    await transport.close();
    await until(() => s.open.size === 0);
    expect(s.open.size).toBe(0);
  });

  it('never rejects, even when nothing listens: the request reports the error', async () => {
    const s = await startServer();
    await new Promise((resolve) => s.server.close(resolve));
    const transport = createUndiciTransport({});
    try {
      await expect(transport.warmUp?.(s.url, 2)).resolves.toBeUndefined();
      await expect(transport.get({ url: s.url, headers: {}, timeoutMs: 5000 })).rejects.toThrow(
        'connection refused',
      );
    } finally {
      await transport.close();
    }
  });
});

/** Serves a body of `pieceBytes` pieces, one every `everyMs`, until the client leaves or `totalBytes`. */
async function startStreamingServer(pieceBytes: number, everyMs: number, totalBytes: number) {
  let requests = 0;
  let sentMax = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const piece = Buffer.alloc(pieceBytes, 0x20);
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= totalBytes) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(piece);
      sent += pieceBytes;
      sentMax = Math.max(sentMax, sent);
    }, everyMs);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/api/v1/tasks/x`,
    requests: () => requests,
    sentMax: () => sentMax,
  };
}

describe('undici transport body cap and budget', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const running = server;
    server = undefined;
    if (!running) return;
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  });

  it('an oversized body still arriving when the budget runs out ends at the cap, not as a time-out', async () => {
    // 1 MiB every 40 ms: the cap is reached well after the 400 ms budget.
    const s = await startStreamingServer(1024 * 1024, 40, 600 * 1024 * 1024);
    server = s.server;
    const transport = createUndiciTransport({});
    try {
      await expect(transport.get({ url: s.url, headers: {}, timeoutMs: 400 })).rejects.toMatchObject({
        message: 'response body over 16 MiB',
        retryable: false,
      });
      expect(s.requests()).toBe(1);
      // Cut at the cap: the server never got far past it.
      expect(s.sentMax()).toBeLessThan(MAX_RESPONSE_BODY_BYTES + 64 * 1024 * 1024);
    } finally {
      await transport.close();
    }
  });

  it('a body trickling slower than the least pace is a time-out once the budget runs out', async () => {
    const s = await startStreamingServer(16, 10, 1024 * 1024);
    server = s.server;
    const transport = createUndiciTransport({});
    const started = Date.now();
    try {
      await expect(transport.get({ url: s.url, headers: {}, timeoutMs: 100 })).rejects.toMatchObject({
        message: 'timed out',
        retryable: true,
      });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await transport.close();
    }
  });
});
