import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of the database, so a test can cut the connection (every socket
 * destroyed, new ones refused) and restore it, as a network failure or a database restart would.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly upstreams = new Set<Socket>();
  private up = true;
  private tripwire?: { marker: string; fired: () => void; cutFirst: boolean; skip: number };
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (!this.up) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      this.upstreams.add(upstream);
      upstream.on('close', () => this.upstreams.delete(upstream));
      client.on('data', (chunk: Buffer) => {
        const wire = this.tripwire;
        if (wire && chunk.includes(wire.marker) && wire.skip-- === 0) {
          this.tripwire = undefined;
          if (wire.cutFirst) {
            // The statement never reaches the database: its transaction is cut half-way.
            this.cut();
            wire.fired();
            return;
          }
          wire.fired();
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Drops every open connection and refuses new ones. */
  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }

  /**
   * Resolves the `nth` time (default 1) a client sends a statement containing `marker` (SQL text
   * travels as is). With `cut`, the proxy cuts right then, before that statement reaches the
   * database: the transaction that sent it is caught half-way, at a point the test chose.
   */
  whenSent(marker: string, opts: { cut?: boolean; nth?: number } = {}): Promise<void> {
    return new Promise((fired) => {
      this.tripwire = { marker, fired, cutFirst: opts.cut ?? false, skip: (opts.nth ?? 1) - 1 };
    });
  }

  /** The local ports of the proxy's connections to the database: pg_stat_activity.client_port. */
  upstreamPorts(): number[] {
    return [...this.upstreams].map((s) => s.localPort).filter((p): p is number => p !== undefined);
  }

  restore(): void {
    this.up = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** `url` with its host and port replaced by this proxy's. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }
}
