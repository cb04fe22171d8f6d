import { connect, Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * An HTTP/1.1 exchange over a bare socket, for what supertest cannot do: send a request a few bytes at
 * a time, or declare a body it never sends. `answer` settles with the first response on the socket
 * (or null if the server closes it without one); `closed` once the socket is gone.
 */
export class RawHttp {
  readonly socket: Socket;
  readonly answer: Promise<RawAnswer | null>;
  readonly closed: Promise<void>;
  private received = Buffer.alloc(0);
  private answered = false;

  constructor(port: number) {
    this.socket = connect({ host: '127.0.0.1', port });
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
    this.answer = new Promise((resolve) => {
      const tryParse = (final: boolean) => {
        const parsed = parseResponse(this.received, final);
        if (parsed) {
          this.answered = true;
          resolve(parsed);
        } else if (final) resolve(null);
      };
      this.socket.on('data', (d: Buffer) => {
        this.received = Buffer.concat([this.received, d]);
        tryParse(false);
      });
      this.socket.once('close', () => tryParse(true));
    });
  }

  /** True once a whole response has arrived. */
  get hasAnswer(): boolean {
    return this.answered;
  }

  get isOpen(): boolean {
    return !this.socket.destroyed;
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.write(data, () => resolve());
    });
  }

  /** Sends `data` in pieces of `size` bytes, `pauseMs` apart, until done, answered or closed; answers the bytes sent. */
  async dribble(data: string | Buffer, size: number, pauseMs: number): Promise<number> {
    const bytes = Buffer.from(data);
    let sent = 0;
    while (sent < bytes.length && this.isOpen && !this.hasAnswer) {
      await this.write(bytes.subarray(sent, sent + size));
      sent = Math.min(bytes.length, sent + size);
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    }
    return sent;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

function parseResponse(buf: Buffer, final: boolean): RawAnswer | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = buf.subarray(end + 4);
  const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : undefined;
  if (length !== undefined ? body.length < length : !final) return null;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, length ?? body.length).toString('utf8') };
}
