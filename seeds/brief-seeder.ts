import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { EvidenceService } from '../src/evidence/evidence.service';
import { CreateIndicatorDto } from '../src/indicators/dto/indicator.dto';
import { CreateObservationDto } from '../src/indicators/dto/observation.dto';
import { IndicatorsService } from '../src/indicators/indicators.service';
import { Office } from '../src/offices/office.entity';
import { PolicyArea } from '../src/policy-areas/policy-area.entity';
import { CreateRecommendationDto } from '../src/recommendations/dto/recommendation.dto';
import { loadRecommendationView } from '../src/recommendations/recommendation-view';
import { Recommendation } from '../src/recommendations/recommendation.entity';
import { auditable } from '../src/recommendations/recommendations.service';
import { StatusChange } from '../src/recommendations/status-change.entity';
import { SourcesService } from '../src/sources/sources.service';
import { BRIEF_EVIDENCE, BRIEF_INDICATORS, BRIEF_OFFICE_NAME, BRIEF_RECOMMENDATIONS, BRIEF_SOURCES, SeedIndicator, SeedRecommendation } from './brief-2022';
import { POLICY_AREAS } from './policy-areas';

export interface BriefSeedResult {
  created: { offices: number; sources: number; recommendations: number; evidence: number; statusChanges: number; indicators: number; observations: number };
}

/**
 * Loads the June 2022 brief: its working-group office, both documents as sources, every
 * recommendation and sub-recommendation, the dated events as evidence, each item's starting
 * status, and the brief's figures as indicators with their observation. Everything is looked up by
 * its natural key first (office name, source title, reference, evidence title and date, indicator
 * name, indicator and date), so a second run changes nothing; a starting status is applied only to
 * an item this run created, never over a status a staffer has set since, and an indicator's links
 * only when this run created it, never over links a director has edited since. One transaction: all
 * of it or none, audited like any other write (with no actor: the system).
 */
@Injectable()
export class BriefSeeder {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly sources: SourcesService,
    private readonly evidence: EvidenceService,
    private readonly indicators: IndicatorsService,
  ) {}

  async run(): Promise<BriefSeedResult> {
    await assertValid(BRIEF_RECOMMENDATIONS);
    await assertValidIndicators(BRIEF_INDICATORS);
    return this.db.transaction(async (m) => {
      // Two seeders at once (a CLI run beside a first start) take turns.
      await m.query("SELECT pg_advisory_xact_lock(hashtextextended('seed:brief-2022', 0))");
      const created = { offices: 0, sources: 0, recommendations: 0, evidence: 0, statusChanges: 0, indicators: 0, observations: 0 };
      await m.getRepository(PolicyArea).upsert([...POLICY_AREAS], ['code']);

      let office = await m.getRepository(Office).createQueryBuilder('o').where('lower(o.name) = lower(:name)', { name: BRIEF_OFFICE_NAME }).getOne();
      if (!office) {
        office = await m.save(m.create(Office, { name: BRIEF_OFFICE_NAME }));
        await this.audit.record(m, {
          actorId: null,
          action: 'office.create',
          entityType: 'office',
          entityId: office.id,
          officeId: office.id,
          after: { name: office.name },
        });
        created.offices += 1;
      }

      const sourceIds = new Map<string, string>();
      for (const s of BRIEF_SOURCES) {
        const [found] = (await m.query('SELECT id FROM source_documents WHERE title = $1 ORDER BY created_at LIMIT 1', [s.title])) as { id: string }[];
        if (found) {
          sourceIds.set(s.key, found.id);
          continue;
        }
        const source = await this.sources.create(null, { title: s.title, author: s.author, publishedOn: s.publishedOn, url: s.url, kind: s.kind }, m);
        sourceIds.set(s.key, source.id);
        created.sources += 1;
      }

      const recIds = new Map<string, string>();
      for (const r of BRIEF_RECOMMENDATIONS) {
        const [found] = (await m.query(
          'SELECT id FROM recommendations WHERE office_id = $1 AND lower(reference) = lower($2) AND deleted_at IS NULL',
          [office.id, r.reference],
        )) as { id: string }[];
        const isNew = !found;
        const id = found?.id ?? (await this.createRecommendation(m, office.id, r, sourceIds.get('brief') ?? null, recIds));
        recIds.set(r.reference, id);
        if (isNew) created.recommendations += 1;

        const evidenceIds = new Map<string, string>();
        for (const key of r.evidence) {
          const e = BRIEF_EVIDENCE.find((x) => x.key === key)!;
          const [existing] = (await m.query(
            'SELECT id FROM evidence WHERE recommendation_id = $1 AND title = $2 AND occurred_on = $3 AND deleted_at IS NULL',
            [id, e.title, e.occurredOn],
          )) as { id: string }[];
          if (existing) {
            evidenceIds.set(key, existing.id);
            continue;
          }
          const ev = await this.evidence.create(null, id, { kind: e.kind, title: e.title, summary: e.summary, occurredOn: e.occurredOn, url: e.url }, m);
          evidenceIds.set(key, ev.id);
          created.evidence += 1;
        }

        if (isNew && r.status !== 'open') {
          await this.applyStatus(m, id, office.id, r, r.statusEvidence.map((k) => evidenceIds.get(k)!));
          created.statusChanges += 1;
        }
      }

      for (const ind of BRIEF_INDICATORS) {
        const [found] = (await m.query('SELECT id FROM indicators WHERE lower(name) = lower($1)', [ind.name])) as { id: string }[];
        let id = found?.id;
        if (!id) {
          const recommendationIds = ind.recommendations.map((ref) => recIds.get(ref)!);
          id = (await this.indicators.create(null, { ...indicatorDto(ind), recommendationIds }, m)).id;
          created.indicators += 1;
        }
        const [observed] = (await m.query('SELECT 1 FROM indicator_observations WHERE indicator_id = $1 AND observed_on = $2', [
          id,
          ind.observation.observedOn,
        ])) as unknown[];
        if (!observed) {
          await this.indicators.addObservation(null, id, observationDto(ind), m);
          created.observations += 1;
        }
      }
      return { created };
    });
  }

  private async createRecommendation(m: EntityManager, officeId: string, r: SeedRecommendation, sourceId: string | null, recIds: Map<string, string>) {
    const rec = await m.save(
      m.create(Recommendation, {
        officeId,
        reference: r.reference,
        title: r.title,
        text: r.text,
        policyArea: r.policyArea,
        priority: r.priority,
        addressees: [...r.addressees],
        tags: [...r.tags],
        sourceId,
        sourceLocator: r.sourceLocator,
        parentId: r.parentReference ? recIds.get(r.parentReference)! : null,
        targetDate: null,
        status: 'open',
        version: 1,
        createdBy: null,
        updatedBy: null,
        owners: [],
      }),
    );
    await this.audit.record(m, {
      actorId: null,
      action: 'recommendation.create',
      entityType: 'recommendation',
      entityId: rec.id,
      officeId,
      after: auditable((await loadRecommendationView(m, rec.id))!),
    });
    return rec.id;
  }

  private async applyStatus(m: EntityManager, id: string, officeId: string, r: SeedRecommendation, evidenceIds: string[]): Promise<void> {
    await m.query('UPDATE recommendations SET status = $2, status_changed_at = now(), version = version + 1 WHERE id = $1', [id, r.status]);
    await m.insert(StatusChange, { recommendationId: id, fromStatus: 'open', toStatus: r.status, reason: r.statusReason, evidenceIds, changedBy: null });
    await this.audit.record(m, {
      actorId: null,
      action: 'recommendation.status_change',
      entityType: 'recommendation',
      entityId: id,
      officeId,
      before: { status: 'open' },
      after: { status: r.status, reason: r.statusReason, evidenceIds },
    });
  }
}

/** The seed data passes the same field rules as the API's, so nothing seeded could not have been typed in. */
async function assertValid(recs: readonly SeedRecommendation[]): Promise<void> {
  for (const r of recs) {
    const dto = plainToInstance(CreateRecommendationDto, {
      officeId: '00000000-0000-4000-8000-000000000000',
      reference: r.reference,
      title: r.title,
      text: r.text,
      policyArea: r.policyArea,
      priority: r.priority,
      addressees: r.addressees,
      ownerIds: [],
      sourceLocator: r.sourceLocator,
      tags: r.tags,
    });
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      throw new Error(`Seed recommendation ${r.reference} is invalid: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`);
    }
  }
}

function indicatorDto(ind: SeedIndicator): CreateIndicatorDto {
  return { name: ind.name, unit: ind.unit, betterWhen: ind.betterWhen, source: ind.source };
}

function observationDto(ind: SeedIndicator): CreateObservationDto {
  const { observedOn, value, source, note } = ind.observation;
  return { observedOn, value, source, note };
}

/** The brief's figures pass the API's own rules for indicators and observations. */
async function assertValidIndicators(indicators: readonly SeedIndicator[]): Promise<void> {
  for (const ind of indicators) {
    const errors = [
      ...(await validate(plainToInstance(CreateIndicatorDto, indicatorDto(ind)), { whitelist: true, forbidNonWhitelisted: true })),
      ...(await validate(plainToInstance(CreateObservationDto, observationDto(ind)), { whitelist: true, forbidNonWhitelisted: true })),
    ];
    if (errors.length > 0) {
      throw new Error(`Seed indicator ${ind.key} is invalid: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`);
    }
  }
}
