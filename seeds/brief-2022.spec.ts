import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVIDENCE_KINDS } from '../src/evidence/evidence.entity';
import { EVIDENCE_REQUIRED_STATUSES, PRIORITIES, STATUSES } from '../src/recommendations/recommendation-status';
import { SOURCE_KINDS } from '../src/sources/source-document.entity';
import { BRIEF_EVIDENCE, BRIEF_INDICATORS, BRIEF_INDICATOR_NOTES, BRIEF_OFFICE_NAME, BRIEF_RECOMMENDATIONS, BRIEF_SOURCES } from './brief-2022';
import { POLICY_AREAS } from './policy-areas';

/**
 * The source documents live beside the repository, in ../shared/seeds (or SEED_DOCUMENTS_DIR). They
 * are not part of the repository: where they are absent, the checks against their text are skipped
 * and the checks of the data's own consistency still run.
 */
const SEEDS_DIR = process.env.SEED_DOCUMENTS_DIR ?? join(__dirname, '..', '..', 'shared', 'seeds');
const BRIEF_FILE = join(SEEDS_DIR, '003_965374a9b763726e.txt');
const RECOMMENDATIONS_HEADING = 'Six Recommendations for Congress and the Biden Administration:';

/** Runs of whitespace (non-breaking spaces included) as one space. */
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const isCalendarDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const hasControl = (s: string) => /\p{Cc}/u.test(s);
const hasControlBesidesNewline = (s: string) => /[^\P{Cc}\n]/u.test(s);

const refs = BRIEF_RECOMMENDATIONS.map((r) => r.reference);
const evidenceKeys = BRIEF_EVIDENCE.map((e) => e.key);
/** The number a figure of the brief stands for; a range reads as its upper end, as the seed records it. */
const WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const figureValue = (figure: string) => {
  const range = /^(\d+)-(\d+) percent$/.exec(figure);
  if (range) return Number(range[2]);
  return WORDS[figure] ?? Number(figure.replace(/,/g, ''));
};
const childrenOf = (parent: string) => BRIEF_RECOMMENDATIONS.filter((r) => r.parentReference === parent).map((r) => r.reference);

(existsSync(BRIEF_FILE) ? describe : describe.skip)('brief-2022 seed data against the brief itself', () => {
  const brief = existsSync(BRIEF_FILE) ? readFileSync(BRIEF_FILE, 'utf8') : '';
  const headingAt = brief.indexOf(RECOMMENDATIONS_HEADING);
  const recommendationsPart = brief.slice(headingAt + RECOMMENDATIONS_HEADING.length);

  it('reads the brief from ../shared/seeds', () => {
    expect(existsSync(BRIEF_FILE)).toBe(true);
    expect(headingAt).toBeGreaterThan(0);
  });

  it('quotes every recommendation verbatim from the recommendations of the brief', () => {
    const section = collapse(recommendationsPart);
    for (const r of BRIEF_RECOMMENDATIONS) {
      expect({ reference: r.reference, found: section.includes(collapse(r.text)) }).toEqual({ reference: r.reference, found: true });
      expect(r.text).toBe(r.text.trim());
    }
  });

  it('covers every numbered item and bullet of the recommendations, and nothing else', () => {
    const items = recommendationsPart
      .split('\n')
      .map((line) => collapse(line.replace(/^\s*(?:•|\d+\.)\s*/u, '')))
      .filter((line) => line !== '' && !line.startsWith('This brief is a product of'));
    expect(items).toHaveLength(BRIEF_RECOMMENDATIONS.length);
    expect(BRIEF_RECOMMENDATIONS.map((r) => collapse(r.text)).sort()).toEqual([...items].sort());
  });

  it('leaves the indicator bullets out of the recommendations', () => {
    const indicators = collapse(brief.slice(0, headingAt));
    for (const r of BRIEF_RECOMMENDATIONS) expect(indicators.includes(collapse(r.text))).toBe(false);
    for (const heading of ['Record U.S. Overdose Deaths', 'Record Southwest Border Encounters', 'Losing Ground to the Cartels', 'Rising Trade Tensions']) {
      expect(BRIEF_RECOMMENDATIONS.some((r) => r.text.includes(heading))).toBe(false);
    }
    expect(BRIEF_INDICATOR_NOTES.length).toBeGreaterThan(0);
    expect(new Set(BRIEF_INDICATOR_NOTES.map((n) => n.key)).size).toBe(BRIEF_INDICATOR_NOTES.length);
  });

  it('takes every seeded figure word for word from the brief (the labor cases from recommendation 2, the others from the indicator bullets)', () => {
    const whole = collapse(brief);
    for (const ind of BRIEF_INDICATORS) {
      expect({ key: ind.key, quoted: whole.includes(collapse(ind.quote)), figure: ind.quote.includes(ind.figure) }).toEqual({
        key: ind.key,
        quoted: true,
        figure: true,
      });
    }
  });

  it.each([
    ['us-overdose-deaths', 'CDC', '106,000', 106000],
    ['us-synthetic-opioid-overdose-deaths', 'CDC', '70,000', 70000],
    ['southwest-border-encounters', 'Forum for American Leadership', '7,500', 7500],
    ['territory-under-cartel-control', 'Northern Command', '30-35 percent', 35],
    ['usmca-labor-cases', 'USTR', 'four', 4],
  ])('seeds %s as reported by %s: %s, recorded as %p', (key, reporter, figure, value) => {
    const ind = BRIEF_INDICATORS.find((i) => i.key === key)!;
    expect(ind).toBeDefined();
    expect(brief).toContain(figure);
    expect(ind.figure).toBe(figure);
    expect(ind.observation.value).toBe(value);
    expect(ind.source).toContain(reporter);
    expect(ind.observation.source).toContain(reporter);
  });
});

describe('brief-2022 seed data', () => {

  it('has exactly six top-level recommendations, FAL-2022-1 to FAL-2022-6', () => {
    expect(BRIEF_RECOMMENDATIONS.filter((r) => r.parentReference === null).map((r) => r.reference)).toEqual([
      'FAL-2022-1',
      'FAL-2022-2',
      'FAL-2022-3',
      'FAL-2022-4',
      'FAL-2022-5',
      'FAL-2022-6',
    ]);
  });

  it.each([
    ['FAL-2022-1', ['FAL-2022-1.1', 'FAL-2022-1.2', 'FAL-2022-1.3']],
    ['FAL-2022-2', ['FAL-2022-2.1']],
    ['FAL-2022-3', ['FAL-2022-3.1']],
    ['FAL-2022-4', ['FAL-2022-4.1', 'FAL-2022-4.2', 'FAL-2022-4.3', 'FAL-2022-4.4']],
    ['FAL-2022-5', []],
    ['FAL-2022-6', []],
  ])('gives %s the sub-recommendations %p', (parent, children) => {
    expect(childrenOf(parent)).toEqual(children);
  });

  it('has no deeper nesting than one level', () => {
    for (const r of BRIEF_RECOMMENDATIONS.filter((x) => x.parentReference !== null)) {
      expect(childrenOf(r.reference)).toEqual([]);
    }
  });

  it('keeps the call to postpone the July bilateral meeting as recommendation 6', () => {
    const july = BRIEF_RECOMMENDATIONS.filter((r) => r.text.includes('postpone the July bilateral meeting'));
    expect(july.map((r) => [r.reference, r.parentReference])).toEqual([['FAL-2022-6', null]]);
    expect(july[0].evidence).toContain('july-meeting-planned');
  });

  it('uses unique, well-formed references whose parents come first', () => {
    expect(new Set(refs.map((r) => r.toLowerCase())).size).toBe(refs.length);
    for (const [i, r] of BRIEF_RECOMMENDATIONS.entries()) {
      expect(r.reference).toMatch(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/);
      expect(r.reference).toMatch(/^FAL-2022-\d+(\.\d+)?$/);
      if (r.parentReference === null) continue;
      const parentAt = refs.indexOf(r.parentReference);
      expect(parentAt).toBeGreaterThanOrEqual(0);
      expect(parentAt).toBeLessThan(i);
      expect(r.reference.startsWith(`${r.parentReference}.`)).toBe(true);
    }
  });

  it('links evidence both ways: every key cited exists, every item is used', () => {
    expect(new Set(evidenceKeys).size).toBe(evidenceKeys.length);
    const used = new Set(BRIEF_RECOMMENDATIONS.flatMap((r) => r.evidence));
    for (const key of used) expect(evidenceKeys).toContain(key);
    for (const key of evidenceKeys) expect({ key, used: used.has(key) }).toEqual({ key, used: true });
    for (const r of BRIEF_RECOMMENDATIONS) expect(new Set(r.evidence).size).toBe(r.evidence.length);
  });

  it('gives evidence titles unique per date (the loader finds evidence by title and date)', () => {
    const natural = BRIEF_EVIDENCE.map((e) => `${e.title}|${e.occurredOn}`);
    expect(new Set(natural).size).toBe(natural.length);
  });

  it('starts every recommendation in a status it can justify', () => {
    for (const r of BRIEF_RECOMMENDATIONS) {
      expect(STATUSES).toContain(r.status);
      for (const key of r.statusEvidence) expect(r.evidence).toContain(key);
      expect(new Set(r.statusEvidence).size).toBe(r.statusEvidence.length);
      if (EVIDENCE_REQUIRED_STATUSES.includes(r.status)) expect(r.statusEvidence.length).toBeGreaterThan(0);
      if (r.status !== 'open') expect(r.statusReason.trim()).not.toBe('');
      expect(r.statusReason.length).toBeLessThanOrEqual(5000);
    }
  });

  it('uses known policy areas, priorities, kinds and sources', () => {
    const codes = POLICY_AREAS.map((a) => a.code);
    for (const r of BRIEF_RECOMMENDATIONS) {
      expect(codes).toContain(r.policyArea);
      expect(PRIORITIES).toContain(r.priority);
    }
    expect(BRIEF_SOURCES.map((s) => s.key).sort()).toEqual(['analysis', 'brief']);
    for (const s of BRIEF_SOURCES) expect(SOURCE_KINDS).toContain(s.kind);
    for (const e of BRIEF_EVIDENCE) {
      expect(EVIDENCE_KINDS).toContain(e.kind);
      expect(['brief', 'analysis']).toContain(e.source);
    }
  });

  it('uses valid calendar dates, consistent with their precision', () => {
    for (const e of BRIEF_EVIDENCE) {
      expect({ key: e.key, valid: isCalendarDate(e.occurredOn) }).toEqual({ key: e.key, valid: true });
      if (e.occurredOnPrecision === 'month') expect(e.occurredOn.slice(8)).toBe('01');
      if (e.occurredOnPrecision === 'year') expect(e.occurredOn.slice(5)).toBe('01-01');
    }
    for (const s of BRIEF_SOURCES) {
      if (s.publishedOn !== null) expect(isCalendarDate(s.publishedOn)).toBe(true);
      expect(s.publishedOn === null).toBe(s.publishedOnPrecision === null);
    }
  });

  it('records the MPP timeline of the analysis', () => {
    expect(BRIEF_EVIDENCE.map((e) => e.occurredOn)).toEqual(expect.arrayContaining(['2021-02-19', '2021-06-01']));
    expect(BRIEF_EVIDENCE.find((e) => e.key === 'mpp-new-applications')?.occurredOn).toBe('2021-02-19');
    expect(BRIEF_EVIDENCE.find((e) => e.key === 'mpp-terminated')?.occurredOn).toBe('2021-06-01');
    expect(BRIEF_EVIDENCE.find((e) => e.key === 'mpp-suspended')).toBeDefined();
    const mpp = BRIEF_RECOMMENDATIONS.find((r) => r.reference === 'FAL-2022-1.1')!;
    expect(mpp.evidence).toEqual(expect.arrayContaining(['mpp-suspended', 'mpp-new-applications', 'mpp-terminated']));
  });

  it('seeds the brief\'s figures as indicators: unique, linked to known recommendations, dated and sourced', () => {
    expect(BRIEF_INDICATORS.map((i) => i.key)).toEqual([
      'us-overdose-deaths',
      'us-synthetic-opioid-overdose-deaths',
      'southwest-border-encounters',
      'territory-under-cartel-control',
      'usmca-labor-cases',
    ]);
    expect(new Set(BRIEF_INDICATORS.map((i) => i.name.toLowerCase())).size).toBe(BRIEF_INDICATORS.length);
    const notes = BRIEF_INDICATOR_NOTES.map((n) => n.key);
    const brief = BRIEF_SOURCES.find((s) => s.key === 'brief')!;
    for (const ind of BRIEF_INDICATORS) {
      expect(notes).toContain(ind.bullet);
      expect(ind.recommendations.length).toBeGreaterThan(0);
      for (const ref of ind.recommendations) expect({ key: ind.key, ref, known: refs.includes(ref) }).toEqual({ key: ind.key, ref, known: true });
      expect(new Set(ind.recommendations).size).toBe(ind.recommendations.length);
      expect(['higher', 'lower']).toContain(ind.betterWhen);
      expect(ind.observation.value).toBe(figureValue(ind.figure));
      // Dated to the brief: no figure of the brief refers to a date the brief states.
      expect(ind.observation.observedOn).toBe(brief.publishedOn);
      expect(ind.observation.observedOnPrecision).toBe(brief.publishedOnPrecision);
      expect(ind.observation.note).toContain('June 2022');
      for (const source of [ind.source, ind.observation.source]) expect(source).toContain('Forum for American Leadership brief, June 2022');
      expect(ind.observation.source).toBe(ind.source);
    }
    expect(BRIEF_INDICATORS.find((i) => i.key === 'territory-under-cartel-control')!.observation.note).toContain('30–35 percent');
  });

  it('keeps every field within the API limits, one line where the API wants one', () => {
    expect(BRIEF_OFFICE_NAME.trim()).not.toBe('');
    expect(hasControl(BRIEF_OFFICE_NAME)).toBe(false);
    for (const r of BRIEF_RECOMMENDATIONS) {
      for (const s of [r.title, r.sourceLocator, r.statusReason, ...r.addressees, ...r.tags]) expect(hasControl(s)).toBe(false);
      expect(hasControlBesidesNewline(r.text)).toBe(false);
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.title.length).toBeLessThanOrEqual(500);
      expect(r.text.length).toBeLessThanOrEqual(20000);
      expect(r.sourceLocator.length).toBeLessThanOrEqual(200);
      expect(r.addressees.length).toBeGreaterThan(0);
      expect(new Set(r.addressees).size).toBe(r.addressees.length);
      expect(new Set(r.tags).size).toBe(r.tags.length);
      for (const a of r.addressees) expect(a.length).toBeLessThanOrEqual(100);
      for (const t of r.tags) expect(t.length).toBeLessThanOrEqual(50);
      for (const s of [r.title, ...r.addressees, ...r.tags]) expect(s).toBe(s.trim());
    }
    for (const e of BRIEF_EVIDENCE) {
      expect(hasControl(e.title)).toBe(false);
      expect(hasControlBesidesNewline(e.summary)).toBe(false);
      expect(e.title.length).toBeLessThanOrEqual(500);
      expect(e.summary.length).toBeLessThanOrEqual(20000);
    }
    for (const s of BRIEF_SOURCES) {
      expect(hasControl(s.title)).toBe(false);
      expect(s.title.length).toBeLessThanOrEqual(500);
      expect((s.author ?? '').length).toBeLessThanOrEqual(300);
    }
    for (const i of BRIEF_INDICATORS) {
      for (const s of [i.name, i.unit, i.source, i.observation.source]) {
        expect(hasControl(s)).toBe(false);
        expect(s).toBe(s.trim());
      }
      expect(hasControlBesidesNewline(i.observation.note)).toBe(false);
      expect(i.name.length).toBeLessThanOrEqual(300);
      expect(i.unit.length).toBeLessThanOrEqual(100);
      expect(i.source.length).toBeLessThanOrEqual(500);
      expect(i.observation.note.length).toBeLessThanOrEqual(5000);
    }
  });
});
