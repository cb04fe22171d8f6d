import type { Response } from 'superagent';

/** A supertest parser that keeps the response body as raw bytes (BOM and binary content included). */
export function rawBody(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
