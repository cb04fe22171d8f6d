import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoHttpOptions } from './logging';

describe('request logging', () => {
  it('logs the request id, method, path and status, and never a header or a body', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const options = pinoHttpOptions({ LOG_LEVEL: 'info' });
    const logger = pino({ serializers: options.serializers as pino.LoggerOptions['serializers'] }, sink);
    logger.info(
      {
        req: {
          id: 'req-1',
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '127.0.0.1',
          headers: { authorization: 'Bearer secret-token' },
          body: { password: 'hunter2-hunter2' },
        },
        res: { statusCode: 200, headers: { 'set-cookie': 'x' } },
      },
      'request completed',
    );
    const line = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(line.req).toEqual({ id: 'req-1', method: 'POST', url: '/api/v1/auth/login', remoteAddress: '127.0.0.1' });
    expect(line.res).toEqual({ statusCode: 200 });
    expect(lines[0]).not.toMatch(/secret-token|hunter2|authorization/);
  });
});
