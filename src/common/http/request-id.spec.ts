import type { IncomingMessage } from 'node:http';
import { requestIdOf } from './request-id';

const req = (id?: string | string[]) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it.each(['a', 'abc.DEF_1-2', 'x'.repeat(128)])('keeps a valid incoming id %p', (id) => {
    expect(requestIdOf(req(id))).toBe(id);
  });

  it.each(['', 'x'.repeat(129), 'has space', 'semi;colon', 'ünïcode', '<script>'])('replaces an invalid id %p', (id) => {
    expect(requestIdOf(req(id))).toMatch(UUID);
  });

  it('generates one when none is sent, and gives the same one every time for one request', () => {
    const r = req();
    const first = requestIdOf(r);
    expect(first).toMatch(UUID);
    expect(requestIdOf(r)).toBe(first);
  });

  it('ignores a repeated header', () => {
    expect(requestIdOf(req(['a', 'b']))).toMatch(UUID);
  });
});
