import type { IncomingMessage } from 'node:http';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { requestIdOf } from './request-id';

interface SerializedRequest {
  id: string;
  method: string;
  url: string;
  remoteAddress?: string;
}

/**
 * JSON logs, one line per request with its id. A request is logged by id, method, path and client
 * only: no headers (tokens) and no bodies (passwords) ever reach the logs.
 */
export function pinoHttpOptions(config: Pick<AppConfig, 'LOG_LEVEL'>): Options {
  return {
    level: config.LOG_LEVEL,
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    customProps: () => ({ service: 'oversight-tracker' }),
    serializers: {
      req: (req: SerializedRequest) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/') },
  };
}
