import { readdirSync } from 'node:fs';
import { MIGRATIONS } from './index';

describe('migrations/index.ts', () => {
  it('lists every migration file of the folder, in timestamp order', () => {
    const files = readdirSync(__dirname)
      .filter((f) => /^\d{13}-[A-Z][A-Za-z0-9]*\.ts$/.test(f))
      .sort();
    const expected = files.map((f) => {
      const [, epoch, name] = /^(\d{13})-([A-Za-z0-9]+)\.ts$/.exec(f)!;
      return `${name}${epoch}`;
    });
    expect(MIGRATIONS.map((m) => m.name)).toEqual(expected);
  });
});
