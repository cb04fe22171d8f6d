import type { EvidenceKind } from '../../src/evidence/evidence.entity';
import type { Random } from './random';

/**
 * Words the synthetic rows are made of: policy language of the brief's kind, so that full-text
 * search, tag and addressee filters find realistic spreads (some terms common, some rare).
 */
interface Area {
  subjects: string[];
  qualifiers: string[];
  tags: string[];
}

export const AREAS: Record<string, Area> = {
  border_migration: {
    subjects: ['asylum processing capacity', 'ports of entry staffing', 'migrant shelter funding', 'humanitarian parole pathways', 'unaccompanied minor screening', 'temporary worker visas', 'border surveillance technology', 'cross-border labor mobility', 'deportation flight oversight', 'regional migration compacts'],
    qualifiers: ['along the southwest border', 'in the Northern Triangle', 'at land ports of entry', 'for families seeking asylum', 'with Mexican immigration authorities', 'under the Los Angeles Declaration'],
    tags: ['asylum', 'border', 'parole', 'visas', 'migration', 'cbp'],
  },
  trade_investment: {
    subjects: ['USMCA labor enforcement', 'rapid response mechanism cases', 'nearshoring incentives', 'semiconductor supply chains', 'energy sector investment rules', 'agricultural export disputes', 'customs modernization', 'critical minerals cooperation', 'steel and aluminum safeguards', 'small business export financing'],
    qualifiers: ['under the USMCA', 'in the automotive sector', 'before the joint review', 'for North American supply chains', 'with the Economy Secretariat', 'at the Free Trade Commission'],
    tags: ['usmca', 'trade', 'labor', 'nearshoring', 'energy', 'investment'],
  },
  security_counternarcotics: {
    subjects: ['fentanyl precursor controls', 'firearms trafficking interdiction', 'cartel financial networks', 'joint intelligence sharing', 'port container inspections', 'extradition requests', 'money laundering prosecutions', 'synthetic drug laboratories', 'police training programs', 'security cooperation benchmarks'],
    qualifiers: ['under the Bicentennial Framework', 'at Pacific ports', 'with the Attorney General of Mexico', 'across the southwest border', 'in high-violence states', 'through the High-Level Security Dialogue'],
    tags: ['fentanyl', 'cartels', 'firearms', 'security', 'extradition', 'dea'],
  },
  democracy_governance: {
    subjects: ['judicial independence safeguards', 'press freedom protections', 'electoral authority funding', 'anti-corruption prosecutions', 'human rights monitoring', 'civil society grants', 'protection of journalists', 'police accountability reforms', 'transparency institute autonomy', 'indigenous community consultation'],
    qualifiers: ['ahead of the federal elections', 'in states with high impunity', 'through USAID programs', 'with the National Electoral Institute', 'in the annual human rights report', 'under the Merida successor framework'],
    tags: ['democracy', 'rule-of-law', 'human-rights', 'press-freedom', 'corruption', 'elections'],
  },
  foreign_policy: {
    subjects: ['bilateral high-level dialogues', 'hemispheric summit commitments', 'Central America development aid', 'climate and clean energy partnership', 'consular services capacity', 'Cuba and Venezuela coordination', 'regional public health cooperation', 'ambassadorial confirmations', 'subnational diplomacy', 'educational exchange programs'],
    qualifiers: ['at the Summit of the Americas', 'in the North American Leaders Summit', 'with the Foreign Ministry', 'across the Western Hemisphere', 'before the next bilateral dialogue', 'through the State Department'],
    tags: ['diplomacy', 'summit', 'aid', 'climate', 'consular', 'health'],
  },
  congressional_engagement: {
    subjects: ['oversight hearings schedule', 'interparliamentary group meetings', 'appropriations report language', 'GAO review requests', 'committee staff delegations', 'agency reporting requirements', 'binational caucus activities', 'inspector general referrals', 'sense of Congress resolutions', 'constituent briefing materials'],
    qualifiers: ['in the next appropriations cycle', 'with the Mexican Senate', 'before the committee markup', 'for the Western Hemisphere subcommittee', 'in the NDAA', 'with the Congressional Research Service'],
    tags: ['oversight', 'hearing', 'appropriations', 'gao', 'codel', 'caucus'],
  },
};

const VERBS = ['Expand', 'Strengthen', 'Fund', 'Review', 'Establish', 'Accelerate', 'Require reporting on', 'Restore', 'Evaluate', 'Prioritize', 'Coordinate', 'Condition assistance on'];
export const ADDRESSEES = ['Congress', 'DHS', 'State Department', 'USTR', 'DOJ', 'Treasury', 'DoD', 'USAID', 'CBP', 'DEA', 'Commerce', 'Labor Department', 'Government of Mexico', 'White House'];
const RATIONALES = [
  'Recent data show the problem growing faster than the current response.',
  'Witnesses at the last hearing described gaps that existing programs do not cover.',
  'The agencies involved have not reported progress since the last review.',
  'Partners in Mexico have asked for a clearer commitment from Washington.',
  'Without sustained funding the gains of the last two years are at risk.',
  'The issue cuts across several committees and no single agency owns it.',
];
const MEASURES = [
  'Progress should be reported to the committee every six months.',
  'Success means measurable results within two fiscal years.',
  'Benchmarks should be agreed with the agencies before the next budget request.',
  'The office will track implementation through hearings and written questions.',
  'A GAO review should verify the results independently.',
];
export const FIRST_NAMES = ['Maria', 'James', 'Ana', 'Robert', 'Lucia', 'Michael', 'Sofia', 'David', 'Elena', 'William', 'Carmen', 'Thomas', 'Isabel', 'Daniel', 'Laura', 'Kevin', 'Patricia', 'Jorge', 'Emily', 'Andrés', 'Grace', 'Samuel', 'Julia', 'Marcus', 'Rosa', 'Ethan', 'Claire', 'Diego', 'Hannah', 'Omar'];
export const LAST_NAMES = ['Alvarez', 'Johnson', 'García', 'Smith', 'Martínez', 'Brown', 'Lopez', 'Davis', 'Hernández', 'Miller', 'Gonzalez', 'Wilson', 'Pérez', 'Moore', 'Sanchez', 'Taylor', 'Ramírez', 'Anderson', 'Torres', 'Thomas', 'Flores', 'Jackson', 'Rivera', 'White', 'Gomez', 'Harris', 'Diaz', 'Clark', 'Reyes', 'Lewis'];
export const AUTHORS = ['Congressional Research Service', 'Government Accountability Office', 'Wilson Center Mexico Institute', 'Brookings Institution', 'Council on Foreign Relations', 'Baker Institute', 'Committee staff', 'Inter-American Dialogue', 'RAND Corporation', 'Center for Strategic and International Studies'];
const COMMITTEES = ['House Foreign Affairs', 'Senate Foreign Relations', 'House Homeland Security', 'Senate Judiciary', 'House Ways and Means', 'Senate Finance', 'House Appropriations'];

const EVIDENCE_TITLES: Record<EvidenceKind, string[]> = {
  hearing: ['{committee} hearing on {subject}', 'Testimony on {subject} before {committee}'],
  letter: ['Letter to {addressee} on {subject}', 'Reply from {addressee} about {subject}'],
  legislation: ['Bill introduced on {subject}', 'Amendment on {subject} adopted in committee'],
  report: ['GAO report on {subject}', 'Inspector general report on {subject}'],
  statement: ['{addressee} statement on {subject}', 'Joint statement on {subject}'],
  meeting: ['Meeting with {addressee} staff on {subject}', 'Working group meeting on {subject}'],
  delegation: ['Staff delegation visit on {subject}', 'Codel briefing on {subject}'],
  court_ruling: ['Court ruling affecting {subject}', 'Appeals decision on {subject}'],
  agency_action: ['{addressee} rule on {subject}', '{addressee} announces new program for {subject}'],
  news: ['Press coverage of {subject}', 'Reporting on {subject} from Mexico City'],
  data: ['Quarterly figures on {subject}', 'New data release on {subject}'],
  other: ['Note to file on {subject}', 'Stakeholder input on {subject}'],
};
export const EVIDENCE_KIND_WEIGHTS: Record<EvidenceKind, number> = {
  hearing: 8, letter: 10, legislation: 5, report: 12, statement: 10, meeting: 12, delegation: 3, court_ruling: 2, agency_action: 12, news: 14, data: 8, other: 4,
};
const FOLLOW_UP_TITLES = [
  'Request a briefing from {addressee} on {subject}',
  'Draft a letter to {addressee} about {subject}',
  'Check the status of {subject} with {addressee}',
  'Prepare a memo for the principal on {subject}',
  'Schedule a call with {addressee} staff on {subject}',
  'Collect the latest figures on {subject}',
  'Draft hearing questions on {subject}',
];
export const STATUS_REASONS: Record<string, string[]> = {
  in_progress: ['The agency has started work on this.', 'Funding was requested in the budget.', 'A working group now meets monthly on this.', 'Work continues; the earlier results did not hold.'],
  partially_implemented: ['Part of the program is running; the rest is pending.', 'Implemented in some states only.', 'The first phase was completed on schedule.'],
  implemented: ['The agency confirmed full implementation.', 'Enacted and funded; results reported to the committee.', 'The final report shows the measure in place.'],
  not_implemented: ['The administration declined to act on this.', 'The funding lapsed without action.', 'Overtaken by events; no action was taken.'],
  withdrawn: ['Superseded by a newer recommendation.', 'Withdrawn at the request of the principal.', 'No longer relevant after the policy change.'],
};

export function fill(template: string, rng: Random, area: Area, addressee = rng.pick(ADDRESSEES)): string {
  return template
    .replace('{subject}', rng.pick(area.subjects))
    .replace('{addressee}', addressee)
    .replace('{committee}', rng.pick(COMMITTEES));
}

export function recommendationText(rng: Random, area: Area, addressees: string[]): { title: string; text: string } {
  const subject = rng.pick(area.subjects);
  const qualifier = rng.pick(area.qualifiers);
  const verb = rng.pick(VERBS);
  const title = `${verb} ${subject} ${qualifier}`;
  const who = addressees.length > 1 ? `${addressees.slice(0, -1).join(', ')} and ${addressees[addressees.length - 1]}` : addressees[0];
  const text = [`${who} should ${verb.toLowerCase()} ${subject} ${qualifier}.`, rng.pick(RATIONALES), rng.chance(0.6) ? rng.pick(MEASURES) : '']
    .filter((s) => s !== '')
    .join(rng.chance(0.2) ? '\n\n' : ' ');
  return { title, text };
}

export function evidenceTitle(rng: Random, area: Area, kind: EvidenceKind): string {
  return fill(rng.pick(EVIDENCE_TITLES[kind]), rng, area);
}

export function followUpTitle(rng: Random, area: Area): string {
  return fill(rng.pick(FOLLOW_UP_TITLES), rng, area);
}
