/**
 * Tells which operator replica made each AWS call: every replica gets its own relay as its
 * `--aws-endpoint-url` (the last flag wins), which forwards each request unchanged to the world's
 * AWS proxy and records the replica, the action and when the call started and ended. The proxy
 * itself logs no caller (it keeps no Authorization header), so this is the attribution.
 */
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { identifyCall } from '../world/aws-proxy/index.js';
import { isWriteAction } from './fault-support.js';

/** One call a replica made, as its relay saw it. */
export interface RelayedCall {
  readonly replica: string;
  readonly service: string;
  readonly action: string;
  readonly write: boolean;
  /** When the relay had the whole request (ms since the epoch). */
  readonly start: number;
  /** When the answer came back from the proxy (or the forward failed). */
  readonly end: number;
  /** The proxy's HTTP status; undefined when the forward failed. */
  readonly status: number | undefined;
}

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

/** A running relay for one replica; contract: every call it forwards is appended to `sink`. */
export interface AwsRelay {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a relay on a free local port that forwards to `target` (the proxy's URL) and appends one
 * {@link RelayedCall} per request to `sink`. A request whose caller died (a SIGKILLed replica) is
 * still forwarded and recorded, as the proxy would.
 */
export async function startRelay(target: string, replica: string, sink: RelayedCall[]): Promise<AwsRelay> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const start = Date.now();
      const call = identifyCall({
        method: req.method ?? 'POST',
        headers: req.headers,
        body: body.toString('utf8'),
        url: req.url ?? '/',
      });
      const record = (status: number | undefined): void => {
        sink.push({
          replica,
          service: call.service,
          action: call.action,
          write: isWriteAction(call.action),
          start,
          end: Date.now(),
          status,
        });
      };
      const headers = { ...req.headers, 'content-length': String(body.length) };
      delete headers.connection;
      const outgoing = httpRequest(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
        },
        (answer) => {
          void readBody(answer).then(
            (answerBody) => {
              record(answer.statusCode);
              if (res.destroyed) return;
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(answerBody);
            },
            () => {
              record(undefined);
              res.destroy();
            },
          );
        },
      );
      outgoing.on('error', () => {
        record(undefined);
        res.destroy();
      });
      outgoing.end(body);
    })().catch(() => {
      // The caller died before its request was whole: nothing reached the proxy, nothing to record.
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
