/**
 * A seeded pseudo-random generator (sfc32, 128 bits of state): the same seed gives the same data.
 * Its state is wide enough for ids: a 32-bit generator would repeat UUIDs within a few million rows.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seeds: number[]) {
    // splitmix32 spreads any small seed over the four words of state.
    let s = 0x9e3779b9;
    for (const seed of seeds) s = Math.imul(s ^ (seed >>> 0), 0x85ebca6b) ^ Math.floor(seed / 0x100000000);
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    return this.uint32() / 0x100000000;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `k` distinct items (fewer when there are not that many), in the order drawn. */
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < k && pool.length > 0) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return out;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    let table = TABLES.get(weights);
    if (!table) {
      const entries = Object.entries(weights) as [string, number][];
      table = { keys: entries.map(([k]) => k), weights: entries.map(([, w]) => w), total: entries.reduce((sum, [, w]) => sum + w, 0) };
      TABLES.set(weights, table);
    }
    let r = this.next() * table.total;
    for (let i = 0; i < table.keys.length; i++) {
      r -= table.weights[i];
      if (r < 0) return table.keys[i] as K;
    }
    return table.keys[table.keys.length - 1] as K;
  }

  /** A random (version 4) UUID drawn from this generator. */
  uuid(): string {
    const a = this.uint32();
    const b = (this.uint32() & 0xffff0fff) | 0x4000;
    const c = (this.uint32() & 0x3fffffff) | 0x80000000;
    const d = this.uint32();
    return `${hex4(a >>> 16)}${hex4(a)}-${hex4(b >>> 16)}-${hex4(b)}-${hex4(c >>> 16)}-${hex4(c)}${hex4(d >>> 16)}${hex4(d)}`;
  }
}

// Weight tables by identity: callers pass module-level constants, so each is prepared once.
const TABLES = new WeakMap<object, { keys: string[]; weights: number[]; total: number }>();

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex4 = (n: number) => HEX[(n >>> 8) & 0xff] + HEX[n & 0xff];
