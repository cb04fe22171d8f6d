import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id with the library's defaults (OWASP's recommended parameters). */
@Injectable()
export class PasswordService {
  // Verified against when the e-mail is unknown, so that case costs the same time as a wrong password.
  private readonly dummyHash = argon2.hash('not-a-real-password-just-for-timing', { type: argon2.argon2id });

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    try {
      const matches = await argon2.verify(hash ?? (await this.dummyHash), password);
      return hash !== undefined && matches;
    } catch {
      return false;
    }
  }
}
