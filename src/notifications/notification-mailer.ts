import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
}

/**
 * Errors that say the mail server itself is unreachable or refuses us, rather than this one message:
 * trying the next message in the same run would only fail the same way.
 */
const TRANSPORT_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EAUTH', 'ETLS', 'EPROTOCOL']);

export function isTransportError(err: unknown): boolean {
  return TRANSPORT_ERRORS.has((err as { code?: string }).code ?? '');
}

/** The SMTP transport of SMTP_URL (nodemailer), or nothing when e-mail is not configured. */
@Injectable()
export class NotificationMailer implements OnApplicationShutdown {
  private readonly transport?: Transporter;

  constructor(config: AppConfig) {
    if (config.SMTP_URL) {
      // nodemailer's defaults wait minutes on a dead server; a run should give up on it much sooner.
      this.transport = createTransport(
        { url: config.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
        { from: config.SMTP_FROM },
      );
    }
  }

  get configured(): boolean {
    return this.transport !== undefined;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) throw new Error('E-mail is not configured (SMTP_URL)');
    await this.transport.sendMail(mail);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
