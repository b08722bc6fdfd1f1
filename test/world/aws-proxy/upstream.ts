/**
 * The proxy's side towards the emulator: forwards a request with its end-to-end headers over a
 * keep-alive agent, and asks the emulator the one question the rollout simulator needs answered
 * (which revision a family-only task definition names). Also the small HTTP helpers both sides use.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import PQueue from 'p-queue';
import { isJsonObject, tryParseJson } from './json.js';

/** An answer from the upstream, read in full. */
export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What the upstream needs to know of a request besides its body. */
export interface UpstreamRequest {
  readonly method: string;
  /** Path and query string. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

// Hop-by-hop headers describe one connection, not the message; the proxy owns both of its hops.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';

/** Reads a whole message body. */
export function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

/** The headers that travel end to end: no hop-by-hop ones, no content-length (set per hop). */
export function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && name !== 'content-length' && value !== undefined) copy[name] = value;
  }
  return copy;
}

/**
 * The emulator the proxy forwards to, over one keep-alive agent, at most `concurrency` requests at
 * once (default 1). moto's threaded server iterates its dictionaries without a lock while another
 * request inserts into them and then answers HTTP 500 (`dictionary changed size during iteration`);
 * one Python process gains nothing from parallel requests anyway, so by default they queue here.
 */
export class Upstream {
  readonly #url: URL;
  // Keep-alive to the upstream: a benchmark makes thousands of calls.
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 64 });
  readonly #queue: PQueue;

  /** `url` must be an http:// URL (checked by the caller). */
  constructor(url: URL, concurrency = 1) {
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
      throw new RangeError(`upstream concurrency must be an integer >= 1, got ${concurrency}`);
    }
    this.#url = url;
    this.#queue = new PQueue({ concurrency });
  }

  /** The upstream's origin, for messages. */
  get origin(): string {
    return this.#url.origin;
  }

  /**
   * Sends one request (after those queued before it) and reads the whole answer; rejects when the
   * upstream cannot be reached.
   */
  forward(request: UpstreamRequest, body: Buffer): Promise<UpstreamAnswer> {
    return this.#queue.add(() => this.#send(request, body));
  }

  #send(request: UpstreamRequest, body: Buffer): Promise<UpstreamAnswer> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          protocol: this.#url.protocol,
          hostname: this.#url.hostname,
          port: this.#url.port,
          method: request.method,
          path: request.path,
          headers: { ...endToEndHeaders(request.headers), 'content-length': String(body.length) },
          agent: this.#agent,
        },
        (answer) => {
          readBody(answer).then(
            (answerBody) =>
              resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: answerBody }),
            reject,
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /**
   * The ARN of the latest revision of a task definition family, asked with the headers of the
   * call it came from (moto reads the region and account from them); `undefined` when the
   * upstream does not know it or cannot be reached. Not counted or logged: no one sent it.
   */
  async taskDefinitionArn(family: string, headers: IncomingHttpHeaders): Promise<string | undefined> {
    try {
      const answer = await this.forward(
        {
          method: 'POST',
          path: '/',
          headers: { ...headers, 'x-amz-target': `${ECS_TARGET_PREFIX}.DescribeTaskDefinition` },
        },
        Buffer.from(JSON.stringify({ taskDefinition: family })),
      );
      if (answer.status >= 300) return undefined;
      const document = tryParseJson(answer.body.toString('utf8'));
      const definition = isJsonObject(document) ? document.taskDefinition : undefined;
      const arn = isJsonObject(definition) ? definition.taskDefinitionArn : undefined;
      return typeof arn === 'string' ? arn : undefined;
    } catch {
      return undefined;
    }
  }

  /** Drops pooled sockets. */
  close(): void {
    this.#agent.destroy();
  }
}
