import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the reliability tests leave the figures of their last run (bench-results/ is gitignored). */
export const FIGURES_DIR = resolve(__dirname, '../../bench-results/reliability');

/**
 * Prints one `RELIABILITY {json}` line and keeps it in bench-results/reliability/<name>.json, so
 * docs/RELIABILITY.md can be refreshed from the last run.
 */
export function reportFigures(name: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ test: name, at: new Date().toISOString(), ...figures });
  console.log(`RELIABILITY ${line}`);
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(join(FIGURES_DIR, `${name}.json`), `${line}\n`);
}
