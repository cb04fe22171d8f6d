import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { FILE_TOO_LARGE, readFileWithinLimit } from '../common/http/multipart-file';
import { MAX_ATTACHMENT_BYTES, safeFilename, sniffAttachmentType } from './attachment-type';
import type { Upload } from './evidence.service';

export const UPLOAD_FIELD = 'file';
const TOO_LARGE = `The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`;
const ALLOWED = 'PDF, PNG, JPEG, plain text, CSV, DOCX or XLSX';

/**
 * Reads the one file of a multipart/form-data request (field `file`), at most 10 MiB, and decides
 * its type from its bytes: 415 for a request that is not multipart or a file of another type, 413
 * for one too large, 400 for a missing, misnamed or empty file.
 */
export async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) {
    throw new UnsupportedMediaTypeException(`Send the file as multipart/form-data, in the field "${UPLOAD_FIELD}"`);
  }
  let part;
  try {
    part = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, parts: 11 } });
  } catch (err) {
    throw multipartError(err);
  }
  if (!part) throw new BadRequestException(`Send the file in the multipart field "${UPLOAD_FIELD}"`);
  if (part.fieldname !== UPLOAD_FIELD) {
    part.file.resume();
    throw new BadRequestException(`Send the file in the multipart field "${UPLOAD_FIELD}", not "${part.fieldname}"`);
  }
  let data: Buffer;
  try {
    data = await readFileWithinLimit(part.file);
  } catch (err) {
    throw multipartError(err);
  }
  if (data.length === 0) throw new BadRequestException('The file is empty');
  const contentType = await sniffAttachmentType(data, part.filename);
  if (!contentType) throw new UnsupportedMediaTypeException(`The file must be ${ALLOWED}, as its content shows`);
  return { filename: safeFilename(part.filename, contentType), contentType, data };
}

/** Errors of @fastify/multipart and busboy while reading the body, as the contract's status codes. */
function multipartError(err: unknown): Error {
  const code = (err as { code?: unknown }).code;
  if (code === FILE_TOO_LARGE) return new PayloadTooLargeException(TOO_LARGE);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new PayloadTooLargeException('Send one file, with at most 10 other fields');
  }
  // Anything else here is a body that cannot be parsed as multipart (busboy's "Unexpected end of form" …).
  return new BadRequestException('The multipart body is malformed');
}
