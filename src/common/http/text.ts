import { ValidateBy, ValidateIf } from 'class-validator';

type TransformArg = { value: unknown };

/** Trims a string; leaves anything else for the validators to refuse. */
export const trim = ({ value }: TransformArg): unknown => (typeof value === 'string' ? value.trim() : value);

/** Lower-cases a string: ids compare as stored, and `@IsUUID` accepts either case. */
export const lower = ({ value }: TransformArg): unknown => (typeof value === 'string' ? value.toLowerCase() : value);

/** Lower-cases each string of an array (lists of ids); leaves anything else for the validators. */
export const lowerEach = ({ value }: TransformArg): unknown =>
  Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)) : value;

/** Trims and lower-cases a string (e-mail addresses). */
export const lowerTrim = ({ value }: TransformArg): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** Trims each string of an array. */
export const trimEach = ({ value }: TransformArg): unknown =>
  Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.trim() : v)) : value;

/**
 * The field may be left out, but not sent as null: unlike `@IsOptional()`, a null still goes
 * through the field's validators and is refused by them.
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

function refusing(name: string, pattern: RegExp, message: string, each: boolean): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        // Non-strings are left to IsString, so a number is not also told about control characters.
        validate: (value: unknown) => typeof value !== 'string' || !pattern.test(value),
        defaultMessage: () => message,
      },
    },
    { each },
  );
}

/** A one-line value (names, titles, references): no control characters at all. */
export function SingleLine(each = false): PropertyDecorator {
  return refusing('singleLine', /\p{Cc}/u, '$property must not contain control characters', each);
}

/** Running text: tabs and line breaks allowed, other control characters (NUL above all) refused. */
export function MultiLine(): PropertyDecorator {
  return refusing('multiLine', /[^\P{Cc}\t\n\r]/u, '$property must not contain control characters other than tabs and line breaks', false);
}

/** The path of the first string in a parsed body or query that fails `ok`. */
function pathOfString(value: unknown, ok: (s: string) => boolean, path = ''): string | undefined {
  if (typeof value === 'string') return ok(value) ? undefined : path || 'value';
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = pathOfString(inner, ok, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

/** The first string in a parsed body or query that holds a NUL, with its path; Postgres cannot store one. */
export function pathOfNul(value: unknown): string | undefined {
  return pathOfString(value, (s) => !s.includes('\u0000'));
}

/**
 * The first string holding half a surrogate pair (JSON's `"\ud800"`), with its path: not Unicode
 * text, and the audit log's jsonb refuses it.
 */
export function pathOfLoneSurrogate(value: unknown): string | undefined {
  return pathOfString(value, (s) => !/\p{Cs}/u.test(s));
}
