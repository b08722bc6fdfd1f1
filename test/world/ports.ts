/** Free loopback ports for the world's servers. */
import { createServer } from 'node:net';

/**
 * Asks the kernel for a free port on 127.0.0.1. There is a short window in which another process
 * could take it; the servers we start fail loudly if that happens, and start() retries once.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
