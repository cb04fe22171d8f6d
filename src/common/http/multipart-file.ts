import type { Readable } from 'node:stream';

/** The code @fastify/multipart gives a file over its limit; the routes answer it 413. */
export const FILE_TOO_LARGE = 'FST_REQ_FILE_TOO_LARGE';

/**
 * The bytes of one multipart file, refused the moment it passes the part's `fileSize` limit. The
 * plugin's own toBuffer() refuses only once the client has sent the whole of an oversized file, so
 * the answer waited for as long as the client cared to send.
 */
export function readFileWithinLimit(file: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.on('data', (chunk: Buffer) => chunks.push(chunk));
    file.once('limit', () => {
      chunks.length = 0;
      // Not destroyed: the parser goes on draining (and dropping) whatever the client still sends, so
      // the connection ends with the client rather than stalling with unread bytes.
      reject(Object.assign(new Error('request file too large'), { code: FILE_TOO_LARGE }));
    });
    file.once('end', () => resolve(Buffer.concat(chunks)));
    file.once('error', reject);
    // Destroyed without an error (the request went away): settled rather than left pending.
    file.once('close', () => reject(new Error('The file stream closed before its end')));
  });
}
