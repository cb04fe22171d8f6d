import { fileTypeFromBuffer } from 'file-type';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The binary types an attachment may have, as recognised from its bytes. */
const BINARY_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', DOCX, XLSX]);

/** Every content type an attachment may be stored with. */
export const ATTACHMENT_TYPES = [...BINARY_TYPES, 'text/plain', 'text/csv'] as const;

/**
 * The content type of an upload, decided by its bytes: the declared type and the file name are not
 * trusted. Binary formats are recognised by their signatures (a ZIP is accepted only when its
 * entries make it a Word or Excel document); anything else must be UTF-8 text without control
 * characters besides tabs, line breaks and form feeds, and is CSV when its name says so. Undefined
 * means the type is not allowed.
 */
export async function sniffAttachmentType(bytes: Buffer, filename: string): Promise<string | undefined> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) return BINARY_TYPES.has(found.mime) ? found.mime : undefined;
  if (!isPlainText(bytes)) return undefined;
  return /\.csv$/i.test(filename) ? 'text/csv' : 'text/plain';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isPlainText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return false;
  }
  return !/[^\P{Cc}\t\n\r\f]/u.test(text);
}

/**
 * The name an attachment is kept under: the last path segment of what the client sent, without
 * control characters, at most 255 characters; a generic name when nothing is left.
 */
export function safeFilename(name: string | undefined, contentType: string): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(/\p{Cc}/gu, '').trim().slice(0, 255);
  if (cleaned && cleaned !== '.' && cleaned !== '..') return cleaned;
  const ext = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg', 'text/csv': 'csv', [DOCX]: 'docx', [XLSX]: 'xlsx' }[contentType];
  return `attachment.${ext ?? 'txt'}`;
}
