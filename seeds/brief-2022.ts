/**
 * Seed data: the June 2022 Forum for American Leadership brief "Six Recommendations for Congress
 * and the Biden Administration" on U.S.–Mexico relations, with its recommendations and
 * sub-recommendations, and the dated events of that brief and of a 2021 analysis of the same
 * relationship ("US-Mexico relations: potential progress and stumbling blocks") as evidence.
 *
 * Recommendation `text` quotes the brief word for word (only its runs of spaces and non-breaking
 * spaces are written as single spaces); titles, summaries and status reasons are the tracker's own
 * wording. Evidence uses the facts of the two documents; where a document gives no exact day, the
 * date is the first of the month or year it gives (see `occurredOnPrecision`), and where a document
 * names an event without dating it, the date is the event's public date, as each summary says.
 *
 * Starting statuses describe the situation in June 2022, when the brief was published.
 *
 * The brief's figures (overdose deaths, border encounters a day, territory under cartel control,
 * USMCA labor cases) are indicators, each with the one observation the brief gives; the 2021
 * analysis gives no figure that could be tracked as one.
 */
import type { EvidenceKind } from '../src/evidence/evidence.entity';
import type { BetterWhen } from '../src/indicators/indicator.entity';
import type { Priority, RecommendationStatus } from '../src/recommendations/recommendation-status';
import type { SourceKind } from '../src/sources/source-document.entity';

/** The codes of `POLICY_AREAS` (seeds/policy-areas.ts). */
export type PolicyAreaCode =
  | 'border_migration'
  | 'trade_investment'
  | 'security_counternarcotics'
  | 'democracy_governance'
  | 'foreign_policy'
  | 'congressional_engagement';

/** How exact a seeded date is: a `month` date is the 1st of the month, a `year` date 1 January. */
export type DatePrecision = 'day' | 'week' | 'month' | 'year';

export type SeedSourceKey = 'brief' | 'analysis';

export const BRIEF_OFFICE_NAME = 'U.S.–Mexico Working Group';

export interface SeedSource {
  key: SeedSourceKey;
  title: string;
  author: string | null;
  /** YYYY-MM-DD, or null when unknown. */
  publishedOn: string | null;
  publishedOnPrecision: DatePrecision | null;
  url: string | null;
  kind: SourceKind;
}

export interface SeedEvidence {
  /** Stable and unique. */
  key: string;
  kind: EvidenceKind;
  /** One line, at most 500 characters; unique, since the loader finds evidence by title and date. */
  title: string;
  summary: string;
  /** YYYY-MM-DD. */
  occurredOn: string;
  occurredOnPrecision: DatePrecision;
  url: string | null;
  source: SeedSourceKey;
}

export interface SeedRecommendation {
  /** 'FAL-2022-1'; sub-recommendations 'FAL-2022-1.1', 'FAL-2022-1.2' … */
  reference: string;
  parentReference: string | null;
  title: string;
  /** The recommendation as written in the brief. */
  text: string;
  sourceLocator: string;
  policyArea: PolicyAreaCode;
  addressees: string[];
  priority: Priority;
  tags: string[];
  status: RecommendationStatus;
  statusReason: string;
  /** Evidence keys the starting status relies on; a subset of `evidence`. */
  statusEvidence: string[];
  /** Keys of the evidence bearing on this recommendation. */
  evidence: string[];
}

/** The brief's indicators: tracked as measurements elsewhere, never as recommendations. */
export interface SeedIndicatorNote {
  key: string;
  name: string;
  note: string;
}

/** A figure of the brief, tracked as an indicator with the one observation the brief gives. */
export interface SeedIndicator {
  /** Stable and unique. */
  key: string;
  /** The key of the brief's indicator bullet it comes from (`BRIEF_INDICATOR_NOTES`). */
  bullet: string;
  /** Unique regardless of case: the loader finds indicators by name. */
  name: string;
  unit: string;
  betterWhen: BetterWhen;
  /** Who reported the figure, as the brief says. */
  source: string;
  /** References of the recommendations the figure bears on. */
  recommendations: string[];
  /** The brief's words that give the figure, as written (runs of spaces collapsed). */
  quote: string;
  /** The figure as the brief writes it, inside `quote`. */
  figure: string;
  observation: {
    /** YYYY-MM-DD: the date the figure refers to where the brief gives one, else the brief's date. */
    observedOn: string;
    observedOnPrecision: DatePrecision;
    value: number;
    source: string;
    /** How the figure was read and dated. */
    note: string;
  };
}

export const BRIEF_SOURCES: readonly SeedSource[] = [
  {
    key: 'brief',
    title: 'Six Recommendations for Congress and the Biden Administration (U.S.–Mexico relations)',
    author: 'Forum for American Leadership',
    // Published the week of the June 2022 Summit of the Americas; only the month is recorded.
    publishedOn: '2022-06-01',
    publishedOnPrecision: 'month',
    url: null,
    kind: 'brief',
  },
  {
    key: 'analysis',
    title: 'US-Mexico relations: potential progress and stumbling blocks',
    author: null,
    // A 2021 analysis written after 1 June 2021; no publication date is given.
    publishedOn: null,
    publishedOnPrecision: null,
    url: null,
    kind: 'analysis',
  },
];

export const BRIEF_EVIDENCE: readonly SeedEvidence[] = [
  {
    key: 'nafta-renegotiation-2017',
    kind: 'other',
    title: 'NAFTA renegotiation adds a tool to contest Mexican labor practices',
    summary:
      'According to the 2021 analysis, the 2017 renegotiation of NAFTA widened the agreement well beyond trade and gave the United States and Canada a means to challenge Mexican labor practices that kept production costs low. The analysis gives only the year; dated here 1 January 2017.',
    occurredOn: '2017-01-01',
    occurredOnPrecision: 'year',
    url: null,
    source: 'analysis',
  },
  {
    key: 'cienfuegos-arrest',
    kind: 'agency_action',
    title: 'U.S. arrests former Mexican Defense Secretary Salvador Cienfuegos',
    summary:
      'The 2021 analysis cites the arrest of former Mexican Defense Secretary Salvador Cienfuegos as an example of unilateral U.S. action, and says Mexico rejected in his case the U.S. wish to extradite high-level Mexican suspects indicted or arrested in the United States for drug trafficking, money laundering and serious corruption. The analysis does not date the arrest; the date is that of the arrest on the public record.',
    occurredOn: '2020-10-15',
    occurredOnPrecision: 'day',
    url: null,
    source: 'analysis',
  },
  {
    key: 'mexico-foreign-agents-law',
    kind: 'legislation',
    title: 'Mexico adopts a law restricting the work of U.S. agents in Mexico',
    summary:
      'The 2021 analysis reports that Mexico adopted a law restricting the work of U.S. intelligence agents in Mexico, which raised bilateral tension over security cooperation. The brief calls for oversight of security cooperation after the implementation of this National Security Law. The analysis does not date the law; the date is the final vote of Mexico\'s Chamber of Deputies on the public record.',
    occurredOn: '2020-12-15',
    occurredOnPrecision: 'day',
    url: null,
    source: 'analysis',
  },
  {
    key: 'mexico-unsc-seat',
    kind: 'other',
    title: 'Mexico takes a non-permanent seat on the UN Security Council',
    summary:
      'The brief notes that Mexico took a non-permanent seat on the United Nations Security Council in 2021, just as its foreign policy began turning toward closer relations with Russia and China. The brief gives the year; the term began on 1 January 2021.',
    occurredOn: '2021-01-01',
    occurredOnPrecision: 'day',
    url: null,
    source: 'brief',
  },
  {
    key: 'mpp-suspended',
    kind: 'agency_action',
    title: 'United States suspends the Migrant Protection Protocols (Remain in Mexico)',
    summary:
      'The 2021 analysis says the new Administration moved quickly to suspend the Migrant Protection Protocols (MPP), under which asylum seekers were returned to Mexico to wait for their U.S. immigration court hearings. The analysis does not date the suspension; the date is the day new enrollments stopped, as announced by DHS the day before.',
    occurredOn: '2021-01-21',
    occurredOnPrecision: 'day',
    url: null,
    source: 'analysis',
  },
  {
    key: 'mpp-new-applications',
    kind: 'agency_action',
    title: 'United States begins accepting new applications from people returned under MPP',
    summary:
      'Per the 2021 analysis, after suspending MPP the United States began accepting new applications on 19 February 2021.',
    occurredOn: '2021-02-19',
    occurredOnPrecision: 'day',
    url: null,
    source: 'analysis',
  },
  {
    key: 'vaccines-for-border-closure',
    kind: 'other',
    title: 'Informal understanding: U.S. AstraZeneca doses for Mexico, Mexico closes its southern border to non-essential travel',
    summary:
      'The 2021 analysis describes an informal understanding in March 2021 under which the United States shared its supply of the AstraZeneca vaccine (not yet approved for use in the U.S.) with Mexico, and Mexico closed its southern border to non-essential travel. The analysis gives only the month; dated here 1 March 2021.',
    occurredOn: '2021-03-01',
    occurredOnPrecision: 'month',
    url: null,
    source: 'analysis',
  },
  {
    key: 'power-sector-law',
    kind: 'legislation',
    title: 'Mexico implements a new power-sector law favoring the state over private investment',
    summary:
      'The 2021 analysis reports that Mexico implemented a new law on the power sector, with policies rolling back the energy reform that had opened the sector to private investment. It says these measures unilaterally change the rules for foreign investors and favor Mexico\'s heavy oil. The analysis does not date the law; the date is its publication in Mexico\'s official gazette on the public record.',
    occurredOn: '2021-03-09',
    occurredOnPrecision: 'day',
    url: null,
    source: 'analysis',
  },
  {
    key: 'usmca-investor-complaints',
    kind: 'letter',
    title: 'U.S. investors ask Mexico to reconsider and press the Administration on possible USMCA violations',
    summary:
      'According to the 2021 analysis, U.S. investors asked the Mexican government to reconsider its energy policies and demanded that the Biden Administration raise potential violations of the USMCA. The analysis also mentions new Mexican legislation raising barriers to U.S. agricultural imports. No date is given beyond the analysis\'s year; dated here 1 January 2021.',
    occurredOn: '2021-01-01',
    occurredOnPrecision: 'year',
    url: null,
    source: 'analysis',
  },
  {
    key: 'merida-revision-proposed',
    kind: 'statement',
    title: 'Mexico proposes revising the Merida agreement toward U.S.-funded drug treatment',
    summary:
      'The 2021 analysis reports that Mexico proposed revising the Merida agreement so that it emphasizes U.S. funding of drug treatment programs in Mexico rather than policing or intelligence, and that Mexico wants higher-level officials in joint work exempted from vetting. No date is given beyond the analysis\'s year; dated here 1 January 2021.',
    occurredOn: '2021-01-01',
    occurredOnPrecision: 'year',
    url: null,
    source: 'analysis',
  },
  {
    key: 'mpp-terminated',
    kind: 'agency_action',
    title: 'United States officially terminates MPP',
    summary:
      'Per the 2021 analysis, MPP was officially terminated on 1 June 2021, and the Administration was reviewing U.S. asylum policy to broaden it and resolve cases more fairly and quickly.',
    occurredOn: '2021-06-01',
    occurredOnPrecision: 'day',
    url: null,
    source: 'analysis',
  },
  {
    key: 'mexico-midterms-2021',
    kind: 'news',
    title: 'Mexico\'s June 2021 midterm elections are the most violent on record',
    summary:
      'The brief states that Mexico\'s midterm elections of June 2021 were the most violent on record, driven by cartel violence and attempts to thwart the democratic process. The date is election day.',
    occurredOn: '2021-06-06',
    occurredOnPrecision: 'day',
    url: null,
    source: 'brief',
  },
  {
    key: 'bicentennial-framework',
    kind: 'meeting',
    title: 'United States and Mexico adopt the Bicentennial Framework for Security',
    summary:
      'The brief describes the Bicentennial Framework for Security as a watered-down version of the Merida Initiative and insufficient to the task, and asks that it be dramatically expanded and codified in law. The brief does not date it; the date is that of the bilateral High-Level Security Dialogue that announced it.',
    occurredOn: '2021-10-08',
    occurredOnPrecision: 'day',
    url: null,
    source: 'brief',
  },
  {
    key: 'cdc-overdose-record',
    kind: 'data',
    title: 'CDC reports record U.S. overdose deaths of nearly 106,000',
    summary:
      'The brief says the CDC reported this year record U.S. overdose deaths of nearly 106,000, more than 70,000 of them from synthetic opioids, mainly illegally made fentanyl, and that Mexico is now the top source of illegal fentanyl entering the United States. The brief gives only the year; dated here 1 January 2022.',
    occurredOn: '2022-01-01',
    occurredOnPrecision: 'year',
    url: null,
    source: 'brief',
  },
  {
    key: 'ukraine-invasion-not-condemned',
    kind: 'statement',
    title: 'López Obrador refuses to condemn Russia\'s invasion of Ukraine',
    summary:
      'The brief states that President López Obrador has refused to condemn Russian President Putin\'s invasion of Ukraine. The brief does not date his statements; dated here to the start of the invasion.',
    occurredOn: '2022-02-24',
    occurredOnPrecision: 'day',
    url: null,
    source: 'brief',
  },
  {
    key: 'title-42-termination-announced',
    kind: 'agency_action',
    title: 'Administration moves to lift the Title 42 public health order',
    summary:
      'The brief says the Biden Administration intended to lift the Title 42 public health order, and that U.S.-bound migration flows are expected to more than double if it is lifted. The brief does not date the decision; the date is the CDC order announcing the termination on the public record.',
    occurredOn: '2022-04-01',
    occurredOnPrecision: 'day',
    url: null,
    source: 'brief',
  },
  {
    key: 'title-42-injunction',
    kind: 'court_ruling',
    title: 'Court injunction keeps the Title 42 public health order in place',
    summary:
      'The brief reports that a recent court injunction kept the Title 42 public health order in force against the Administration\'s intention to lift it. The brief does not date the injunction; the date is the federal district court\'s preliminary injunction on the public record.',
    occurredOn: '2022-05-20',
    occurredOnPrecision: 'day',
    url: null,
    source: 'brief',
  },
  {
    key: 'security-cooperation-new-lows',
    kind: 'report',
    title: 'U.S. security agencies report security cooperation at new lows',
    summary:
      'The brief says U.S. security agencies report that security cooperation with Mexico is reaching new lows as Mexico dismantles institutions and cooperation mechanisms step by step. Reported as current in the June 2022 brief; dated here 1 June 2022.',
    occurredOn: '2022-06-01',
    occurredOnPrecision: 'month',
    url: null,
    source: 'brief',
  },
  {
    key: 'usmca-labor-cases',
    kind: 'agency_action',
    title: 'USTR has filed four USMCA labor cases against Mexico',
    summary:
      'The brief counts four USMCA labor cases filed by USTR against Mexico "so far", and argues that Mexico believes cooperating on labor investigations is all it takes to appease Washington on USMCA. The brief does not date the individual cases; the count is as of the June 2022 brief, dated here 1 June 2022.',
    occurredOn: '2022-06-01',
    occurredOnPrecision: 'month',
    url: null,
    source: 'brief',
  },
  {
    key: 'usmca-business-letters',
    kind: 'letter',
    title: 'Business groups, Texas Governor and bipartisan Members of Congress write to the Administration on USMCA problems',
    summary:
      'The brief reports letters to the Administration piling up on USMCA problems: from the U.S. Hispanic Chamber of Commerce, the National Association of Manufacturers (several), the U.S. Chamber of Commerce, the American Petroleum Institute, Texas Governor Greg Abbott, many other trade associations and a growing number of bipartisan letters from Members of Congress. Their common theme is unfair and sometimes illegal treatment of U.S. companies in Mexico. The brief does not date them; dated here 1 June 2022.',
    occurredOn: '2022-06-01',
    occurredOnPrecision: 'month',
    url: null,
    source: 'brief',
  },
  {
    key: 'ine-attacks',
    kind: 'statement',
    title: 'López Obrador attacks Mexico\'s electoral authority (INE)',
    summary:
      'The brief says President López Obrador continues to attack Mexico\'s democratic institutions and independent regulators, most recently the electoral authority (INE), whose leadership is widely respected. It also notes his attacks on the free press while journalists covering cartel crime are murdered. Reported as current in the June 2022 brief; dated here 1 June 2022.',
    occurredOn: '2022-06-01',
    occurredOnPrecision: 'month',
    url: null,
    source: 'brief',
  },
  {
    key: 'petro-endorsement',
    kind: 'statement',
    title: 'López Obrador backs Gustavo Petro ahead of Colombia\'s presidential run-off',
    summary:
      'The brief reports that President López Obrador announced his support for Gustavo Petro, whom the brief calls Maduro-sympathizing, ahead of Colombia\'s upcoming presidential run-off. Reported in the June 2022 brief; dated here 1 June 2022.',
    occurredOn: '2022-06-01',
    occurredOnPrecision: 'month',
    url: null,
    source: 'brief',
  },
  {
    key: 'july-meeting-planned',
    kind: 'news',
    title: 'Reports of a July 2022 bilateral meeting between President Biden and López Obrador',
    summary:
      'The brief notes that the Administration reportedly plans a bilateral meeting with President López Obrador in July 2022. Reported in the June 2022 brief; dated here 1 June 2022.',
    occurredOn: '2022-06-01',
    occurredOnPrecision: 'month',
    url: null,
    source: 'brief',
  },
  {
    key: 'summit-boycott',
    kind: 'statement',
    title: 'López Obrador boycotts the Summit of the Americas',
    summary:
      'The brief states that President López Obrador boycotted the June 2022 Summit of the Americas to try to force President Biden to invite the leaders of Cuba, Nicaragua and Venezuela. The date is the Summit\'s opening day, when his absence was confirmed.',
    occurredOn: '2022-06-06',
    occurredOnPrecision: 'day',
    url: null,
    source: 'brief',
  },
  {
    key: 'senators-attacked',
    kind: 'statement',
    title: 'López Obrador\'s press conferences attack sitting U.S. Senators',
    summary:
      'The brief reports that President López Obrador\'s morning press conferences in the week of the Summit of the Americas included several personal attacks on sitting U.S. Senators for views he disagrees with. Dated here to the first day of that week, 6 June 2022.',
    occurredOn: '2022-06-06',
    occurredOnPrecision: 'week',
    url: null,
    source: 'brief',
  },
  {
    key: 'usmca-joint-review-2026',
    kind: 'other',
    title: 'Mandatory USMCA joint review due in 2026',
    summary:
      'The brief warns that Mexico\'s actions set up a very difficult situation for the mandatory review of the USMCA by the parties in 2026. The brief gives the year; the date is the review\'s due date under the agreement (the sixth anniversary of its entry into force). A scheduled event, not yet held when the brief was written.',
    occurredOn: '2026-07-01',
    occurredOnPrecision: 'day',
    url: null,
    source: 'brief',
  },
];

export const BRIEF_RECOMMENDATIONS: readonly SeedRecommendation[] = [
  {
    reference: 'FAL-2022-1',
    parentReference: null,
    title: 'Secure the southwest border with U.S. measures instead of relying on Mexico',
    text: 'Secure the Southwest Border from the U.S. Side, Period. The United States cannot afford to continue giving AMLO leverage by outsourcing border security and immigration policy to Mexico and incentivizing illegal border crossings. AMLO believes that he has leverage over the Biden Administration because of immigration and border policy.',
    sourceLocator: 'Recommendation 1',
    policyArea: 'border_migration',
    addressees: ['Biden Administration', 'DHS', 'Congress', 'Border states'],
    priority: 'high',
    tags: ['border-security', 'migration', 'leverage'],
    status: 'open',
    statusReason:
      'By June 2022 the Administration had moved the other way: MPP was suspended and then terminated in 2021, and Title 42 stayed in force only because of a court injunction.',
    statusEvidence: [],
    evidence: ['mpp-suspended', 'mpp-new-applications', 'mpp-terminated', 'vaccines-for-border-closure', 'title-42-termination-announced', 'title-42-injunction'],
  },
  {
    reference: 'FAL-2022-1.1',
    parentReference: 'FAL-2022-1',
    title: 'Resume border barrier construction and fully reinstate Remain in Mexico, with Congress holding funds if refused',
    text: 'The United States should immediately resume construction of border barriers and should fully re-implement the Remain in Mexico policy across all ports of entry. Policies that reward, decriminalize, and otherwise incentivize illegal crossings must be reversed. If the Biden Administration refuses, programmatic funds for Administration and AMLO priority programs should be held by Congress until the White House relents.',
    sourceLocator: 'Recommendation 1, bullet 1',
    policyArea: 'border_migration',
    addressees: ['Biden Administration', 'DHS', 'Congress'],
    priority: 'high',
    tags: ['border-barriers', 'remain-in-mexico', 'mpp', 'appropriations'],
    status: 'open',
    statusReason:
      'Nothing done toward it as of June 2022: the documents show MPP suspended, opened to new applications on 19 February 2021 and terminated on 1 June 2021, and no funds held by Congress.',
    statusEvidence: [],
    evidence: ['mpp-suspended', 'mpp-new-applications', 'mpp-terminated', 'title-42-termination-announced', 'title-42-injunction'],
  },
  {
    reference: 'FAL-2022-1.2',
    parentReference: 'FAL-2022-1',
    title: 'Border states deploy National Guard and more law enforcement to the border',
    text: 'U.S. border states should deploy their national guards and significantly more law enforcement resources to the border to send a signal to the cartels that the status quo is not acceptable. States have a responsibility to protect their communities when the federal government fails to enforce the law.',
    sourceLocator: 'Recommendation 1, bullet 2',
    policyArea: 'border_migration',
    addressees: ['Border states'],
    priority: 'medium',
    tags: ['national-guard', 'border-states', 'cartels'],
    status: 'open',
    statusReason: 'The documents record no state deployment; no action tracked yet.',
    statusEvidence: [],
    evidence: [],
  },
  {
    reference: 'FAL-2022-1.3',
    parentReference: 'FAL-2022-1',
    title: 'Congress holds Administration officials accountable for enforcing border law',
    text: 'Biden Administration officials who fail to uphold the law should be held accountable by the Congress. If Republicans take control of Congress after November 2022 midterm elections, committees of jurisdiction must conduct vigorous oversight via hearings, records subpoenas, and restoring the use of resolution of inquiry.',
    sourceLocator: 'Recommendation 1, bullet 3',
    policyArea: 'congressional_engagement',
    addressees: ['Congress'],
    priority: 'medium',
    tags: ['oversight', 'hearings', 'subpoenas', 'resolution-of-inquiry', 'midterms-2022'],
    status: 'open',
    statusReason: 'Largely contingent on the November 2022 midterm elections, which had not yet taken place.',
    statusEvidence: [],
    evidence: [],
  },
  {
    reference: 'FAL-2022-2',
    parentReference: null,
    title: 'Press Mexico firmly and publicly on USMCA violations and the treatment of U.S. companies',
    text: 'Washington needs to be firm, and public, on violations of USMCA, the deteriorating investment climate, and the mistreatment of U.S. companies. The Biden Administration is seen by Mexico as unserious about protecting the rights of U.S. investors. Mexico perceives that in order to appease Washington on USMCA, it only has to cooperate on labor investigations. Congress must urge the U.S. Trade Representative (USTR) to do more than file labor cases (so far four and counting) against Mexico. It is time for USTR to vocally defend U.S. investments and the integrity of USMCA. If USMCA is seen as a model trade agreement, it must be enforced.',
    sourceLocator: 'Recommendation 2',
    policyArea: 'trade_investment',
    addressees: ['Biden Administration', 'USTR', 'Congress'],
    priority: 'high',
    tags: ['usmca', 'usmca-enforcement', 'investment-climate', 'energy', 'labor'],
    status: 'partially_implemented',
    statusReason:
      'USTR had enforced USMCA on labor (four cases by June 2022) and Members of Congress had written bipartisan letters on USMCA problems, but USTR had not publicly defended U.S. investors against Mexico\'s energy and investment measures, the core of the recommendation.',
    statusEvidence: ['usmca-labor-cases', 'usmca-business-letters'],
    evidence: ['usmca-labor-cases', 'usmca-business-letters', 'power-sector-law', 'usmca-investor-complaints', 'nafta-renegotiation-2017'],
  },
  {
    reference: 'FAL-2022-2.1',
    parentReference: 'FAL-2022-2',
    title: 'Warn Mexico that its treatment of U.S. companies endangers the 2026 USMCA review; assess nearshoring',
    text: 'Mexico’s actions are setting up a very difficult situation when USMCA reaches its mandatory review period by the parties in 2026. Congress should begin signaling to Mexico, and to the Mexican business community, that the current treatment of US companies is not conducive to a smooth review in 2026. Additionally, Congress should determine whether Mexico’s worsening investment climate is conducive for nearshoring of supply chains.',
    sourceLocator: 'Recommendation 2, bullet 1',
    policyArea: 'trade_investment',
    addressees: ['Congress'],
    priority: 'medium',
    tags: ['usmca', 'usmca-review-2026', 'nearshoring', 'supply-chains'],
    status: 'in_progress',
    statusReason:
      'Bipartisan letters from Members of Congress on the treatment of U.S. companies under USMCA were accumulating by June 2022; no congressional assessment of nearshoring yet.',
    statusEvidence: ['usmca-business-letters'],
    evidence: ['usmca-joint-review-2026', 'usmca-business-letters', 'power-sector-law', 'usmca-investor-complaints'],
  },
  {
    reference: 'FAL-2022-3',
    parentReference: null,
    title: 'Confront attacks on Mexico\'s independent institutions publicly and condition U.S. assistance',
    text: 'Address AMLO’s attacks against independent institutions and his anti-corruption agenda. While the Biden Administration has been overtly vocal on challenges in El Salvador and Guatemala, it has remained silent against AMLO’s relentless attacks on Mexico’s independent institutions, thus emboldening AMLO. It’s time for public statements, public pressure, and for Congress to implement conditions on assistance to Mexico to address AMLO’s anti-democratic tendencies and efforts to undermine democratic institutions. AMLO’s anti-corruption agenda has amounted to little more than using the idea, and his power, to target and persecute his political rivals, often without evidence.',
    sourceLocator: 'Recommendation 3',
    policyArea: 'democracy_governance',
    addressees: ['Biden Administration', 'Congress'],
    priority: 'medium',
    tags: ['democratic-institutions', 'ine', 'assistance-conditions', 'anti-corruption'],
    status: 'open',
    statusReason: 'The brief finds the Administration silent on the attacks and no conditions on assistance in place.',
    statusEvidence: [],
    evidence: ['ine-attacks', 'mexico-midterms-2021'],
  },
  {
    reference: 'FAL-2022-3.1',
    parentReference: 'FAL-2022-3',
    title: 'Expose corruption in Mexico',
    text: 'The Biden administration should shed light on corruption in Mexico, which continues to be a major challenge despite AMLO’s rhetoric.',
    sourceLocator: 'Recommendation 3, bullet 1',
    policyArea: 'democracy_governance',
    addressees: ['Biden Administration'],
    priority: 'medium',
    tags: ['anti-corruption', 'transparency'],
    status: 'open',
    statusReason: 'No Administration action on corruption in Mexico recorded in the documents.',
    statusEvidence: [],
    evidence: ['cienfuegos-arrest'],
  },
  {
    reference: 'FAL-2022-4',
    parentReference: null,
    title: 'Require a comprehensive Administration strategy to reboot U.S.–Mexico security cooperation',
    text: 'Congress should call on the Administration to produce a comprehensive strategy to reboot security cooperation. This strategy should:',
    sourceLocator: 'Recommendation 4',
    policyArea: 'security_counternarcotics',
    addressees: ['Congress', 'Biden Administration'],
    priority: 'high',
    tags: ['security-cooperation', 'strategy'],
    status: 'open',
    statusReason:
      'No such strategy had been requested or produced; the Bicentennial Framework of October 2021 is what the brief judges insufficient.',
    statusEvidence: [],
    evidence: [
      'security-cooperation-new-lows',
      'mexico-foreign-agents-law',
      'merida-revision-proposed',
      'bicentennial-framework',
      'cdc-overdose-record',
      'cienfuegos-arrest',
    ],
  },
  {
    reference: 'FAL-2022-4.1',
    parentReference: 'FAL-2022-4',
    title: 'A resourced plan against Mexican synthetic-opioid production and Chinese precursors',
    text: 'Prioritize the need for a detailed and resourced plan for addressing Mexican production and trafficking of synthetic opioids, including fentanyl, and targeting Chinese precursors entering Mexico, as an urgent priority.',
    sourceLocator: 'Recommendation 4, bullet 1',
    policyArea: 'security_counternarcotics',
    addressees: ['Biden Administration'],
    priority: 'high',
    tags: ['fentanyl', 'synthetic-opioids', 'precursors', 'china'],
    status: 'open',
    statusReason: 'No dedicated, resourced plan recorded; overdose deaths were at a record.',
    statusEvidence: [],
    evidence: ['cdc-overdose-record'],
  },
  {
    reference: 'FAL-2022-4.2',
    parentReference: 'FAL-2022-4',
    title: 'Expand the Bicentennial Framework for Security and codify it in law',
    text: 'Dramatically expand and codify into law the Bicentennial Framework for Security (which is basically a watered-down version of the Merida Initiative), as it is insufficient to the task at hand.',
    sourceLocator: 'Recommendation 4, bullet 2',
    policyArea: 'security_counternarcotics',
    addressees: ['Biden Administration', 'Congress'],
    priority: 'medium',
    tags: ['bicentennial-framework', 'merida-initiative', 'legislation'],
    status: 'open',
    statusReason: 'The Framework existed by executive agreement only; no expansion and no legislation.',
    statusEvidence: [],
    evidence: ['bicentennial-framework', 'merida-revision-proposed'],
  },
  {
    reference: 'FAL-2022-4.3',
    parentReference: 'FAL-2022-4',
    title: 'Press Mexico to restore serious cooperation with the DEA',
    text: 'Press Mexico in public and in private to restart cooperation with the U.S. Drug Enforcement Administration in a serious way.',
    sourceLocator: 'Recommendation 4, bullet 3',
    policyArea: 'security_counternarcotics',
    addressees: ['Biden Administration', 'State', 'DOJ/DEA'],
    priority: 'high',
    tags: ['dea', 'counternarcotics', 'security-cooperation'],
    status: 'open',
    statusReason: 'Cooperation was reported at new lows, with Mexico\'s law restricting U.S. agents in force.',
    statusEvidence: [],
    evidence: ['mexico-foreign-agents-law', 'security-cooperation-new-lows', 'cienfuegos-arrest'],
  },
  {
    reference: 'FAL-2022-4.4',
    parentReference: 'FAL-2022-4',
    title: 'Oversee security cooperation under Mexico\'s National Security Law',
    text: 'Conduct oversight on the status of security cooperation following the implementation of Mexico’s National Security Law.',
    sourceLocator: 'Recommendation 4, bullet 4',
    policyArea: 'security_counternarcotics',
    addressees: ['Congress', 'Biden Administration'],
    priority: 'medium',
    tags: ['oversight', 'national-security-law', 'security-cooperation'],
    status: 'open',
    statusReason: 'No oversight of the law\'s effects on cooperation recorded in the documents.',
    statusEvidence: [],
    evidence: ['mexico-foreign-agents-law', 'security-cooperation-new-lows'],
  },
  {
    reference: 'FAL-2022-5',
    parentReference: null,
    title: 'Send bipartisan congressional and staff delegations to Mexico',
    text: 'Congress should send bipartisan STAFFDELs and CODELS to Mexico to send a consistent U.S. message and to discuss economics, trade, and security cooperation as well as foreign policy and Mexican institutions. The Biden Administration’s approach to foreign policy, in general, and its soft touch with Mexico so far, requires that Congress fill the void and deliver strong bipartisan messages.',
    sourceLocator: 'Recommendation 5',
    policyArea: 'congressional_engagement',
    addressees: ['Congress'],
    priority: 'medium',
    tags: ['codel', 'staffdel', 'bipartisan'],
    status: 'open',
    statusReason: 'No delegation recorded in the documents; congressional messages so far took the form of letters.',
    statusEvidence: [],
    evidence: ['senators-attacked', 'usmca-business-letters'],
  },
  {
    reference: 'FAL-2022-6',
    parentReference: null,
    title: 'Postpone the July bilateral meeting with López Obrador and signal firmer U.S. positions',
    text: 'The Biden Administration should postpone the July bilateral meeting it reportedly plans with AMLO and send a clear message from the United States that enough is enough. The message must be that the preferred path on all areas is cooperation, but if AMLO continues to flout democratic norms and devalue the relationship, the U.S. will publicly pressure his administration and take firmer positions across the spectrum of the U.S.-Mexico relationship.',
    sourceLocator: 'Recommendation 6',
    policyArea: 'foreign_policy',
    addressees: ['Biden Administration'],
    priority: 'high',
    tags: ['bilateral-meeting', 'summit-of-the-americas', 'diplomatic-pressure'],
    status: 'open',
    statusReason: 'The July meeting was still reported as planned when the brief was published.',
    statusEvidence: [],
    evidence: [
      'july-meeting-planned',
      'summit-boycott',
      'senators-attacked',
      'petro-endorsement',
      'ukraine-invasion-not-condemned',
      'mexico-unsc-seat',
      'ine-attacks',
    ],
  },
];

/** The brief's indicator bullets, kept as notes for the indicators; facts as the brief gives them. */
export const BRIEF_INDICATOR_NOTES: readonly SeedIndicatorNote[] = [
  {
    key: 'us-overdose-deaths',
    name: 'U.S. overdose deaths',
    note: 'Record of nearly 106,000 reported by the CDC in 2022, over 70,000 of them from synthetic opioids, mainly illegally made fentanyl.',
  },
  {
    key: 'security-cooperation',
    name: 'State of U.S.–Mexico security cooperation',
    note: 'Reported by U.S. security agencies to be at new lows in June 2022.',
  },
  {
    key: 'southwest-border-encounters',
    name: 'Southwest border encounters per day',
    note: 'About 7,500 a day in June 2022; expected to more than double if Title 42 is lifted.',
  },
  {
    key: 'usmca-trade-disputes',
    name: 'USMCA trade disputes and labor cases',
    note: 'Disputes mounting across sectors; four USMCA labor cases filed by USTR against Mexico by June 2022.',
  },
  {
    key: 'democratic-institutions',
    name: 'Attacks on Mexico\'s democratic institutions',
    note: 'Continuing attacks on independent regulators and the electoral authority (INE).',
  },
  {
    key: 'journalists-murdered',
    name: 'Journalists murdered in Mexico',
    note: 'A rising number of journalists covering crime and cartel capture of local governments are murdered.',
  },
  {
    key: 'territory-under-cartel-control',
    name: 'Share of Mexican territory under cartel control',
    note: '30–35 percent according to the head of U.S. Northern Command, likely an underestimate and growing.',
  },
  {
    key: 'mexican-foreign-policy',
    name: 'Alignment of Mexican foreign policy',
    note: 'Deeper relations with Russia and China, no condemnation of the invasion of Ukraine, Summit of the Americas boycott.',
  },
];

const AS_CITED = 'as cited in the Forum for American Leadership brief, June 2022';
/** The brief is dated by its month only (see `BRIEF_SOURCES`). */
const BRIEF_DATE = '2022-06-01';

export const BRIEF_INDICATORS: readonly SeedIndicator[] = [
  {
    key: 'us-overdose-deaths',
    bullet: 'us-overdose-deaths',
    name: 'U.S. overdose deaths',
    unit: 'deaths per year',
    betterWhen: 'lower',
    source: `CDC, ${AS_CITED}`,
    recommendations: ['FAL-2022-4', 'FAL-2022-4.1'],
    quote: 'This year, the CDC reported record U.S. overdose deaths at nearly 106,000',
    figure: '106,000',
    observation: {
      observedOn: BRIEF_DATE,
      observedOnPrecision: 'month',
      value: 106000,
      source: `CDC, ${AS_CITED}`,
      note: 'A record of nearly 106,000, reported by the CDC "this year" (2022). The brief does not say which period the count covers, so the observation carries the brief\'s date, June 2022 (month only).',
    },
  },
  {
    key: 'us-synthetic-opioid-overdose-deaths',
    bullet: 'us-overdose-deaths',
    name: 'U.S. overdose deaths from synthetic opioids',
    unit: 'deaths per year',
    betterWhen: 'lower',
    source: `CDC, ${AS_CITED}`,
    recommendations: ['FAL-2022-4', 'FAL-2022-4.1'],
    quote: 'more than 70,000 of those attributed to synthetic opioids, including primarily illegally manufactured fentanyl',
    figure: '70,000',
    observation: {
      observedOn: BRIEF_DATE,
      observedOnPrecision: 'month',
      value: 70000,
      source: `CDC, ${AS_CITED}`,
      note: '"More than 70,000" of the nearly 106,000 overdose deaths the CDC reported "this year" (2022), primarily illegally manufactured fentanyl; recorded as 70,000, a lower bound. The brief does not say which period the count covers, so the observation carries the brief\'s date, June 2022 (month only).',
    },
  },
  {
    key: 'southwest-border-encounters',
    bullet: 'southwest-border-encounters',
    name: 'Southwest border encounters per day',
    unit: 'encounters per day',
    betterWhen: 'lower',
    source: 'Forum for American Leadership brief, June 2022 (the brief names no source for this figure)',
    recommendations: ['FAL-2022-1', 'FAL-2022-1.1', 'FAL-2022-1.2'],
    quote: 'Numbers on par with the population of a small U.S. town—7,500—are arriving at the U.S. Southwest Border every day',
    figure: '7,500',
    observation: {
      observedOn: BRIEF_DATE,
      observedOnPrecision: 'month',
      value: 7500,
      source: 'Forum for American Leadership brief, June 2022 (the brief names no source for this figure)',
      note: 'About 7,500 arriving at the Southwest border every day, a record as the brief describes the present; flows were expected to more than double if Title 42 were lifted. Dated to the brief, June 2022 (month only).',
    },
  },
  {
    key: 'territory-under-cartel-control',
    bullet: 'territory-under-cartel-control',
    name: 'Share of Mexican territory under cartel control',
    unit: 'percent of territory',
    betterWhen: 'lower',
    source: `Head of U.S. Northern Command, ${AS_CITED}`,
    recommendations: ['FAL-2022-4', 'FAL-2022-4.2', 'FAL-2022-4.3'],
    quote: 'According to the head of the U.S. Northern Command, the cartels now control 30-35 percent of Mexican territory',
    figure: '30-35 percent',
    observation: {
      observedOn: BRIEF_DATE,
      observedOnPrecision: 'month',
      value: 35,
      source: `Head of U.S. Northern Command, ${AS_CITED}`,
      note: 'Given as a range, 30–35 percent. An observation holds one number per date, so the upper end is recorded: the brief calls the range likely an under-estimate and the share growing. Dated to the brief, June 2022 (month only).',
    },
  },
  {
    key: 'usmca-labor-cases',
    bullet: 'usmca-trade-disputes',
    name: 'USMCA labor cases filed by USTR against Mexico',
    unit: 'cases filed (running total)',
    // The brief asks USTR to enforce USMCA, so more cases filed is the direction it wants.
    betterWhen: 'higher',
    source: `USTR, ${AS_CITED}`,
    recommendations: ['FAL-2022-2'],
    quote: 'file labor cases (so far four and counting) against Mexico',
    figure: 'four',
    observation: {
      observedOn: BRIEF_DATE,
      observedOnPrecision: 'month',
      value: 4,
      source: `USTR, ${AS_CITED}`,
      note: 'Four cases "so far … and counting", a running total as of the brief, June 2022 (month only). Higher is better from the brief\'s point of view: it asks USTR to enforce USMCA, and to do more than file labor cases.',
    },
  },
];
