/** A name as a file-name part: lower-case ASCII letters, digits and dashes ("U.S.–Mexico Desk" → "u-s-mexico-desk"). */
export function slugOf(name: string, fallback = 'office'): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || fallback;
}
