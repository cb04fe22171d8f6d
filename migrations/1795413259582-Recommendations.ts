import { MigrationInterface, QueryRunner } from "typeorm";

const SEARCH_EXPRESSION = `setweight(to_tsvector('english', coalesce("reference", '') || ' ' || coalesce("title", '')), 'A') || setweight(to_tsvector('english', coalesce("text", '')), 'B')`;

export class Recommendations1795413259582 implements MigrationInterface {
    name = 'Recommendations1795413259582'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "policy_areas" (
                "code" character varying(40) NOT NULL,
                "name" character varying(120) NOT NULL,
                CONSTRAINT "pk_policy_areas" PRIMARY KEY ("code")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "source_documents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" character varying(500) NOT NULL,
                "author" character varying(300),
                "published_on" date,
                "url" character varying(2000),
                "kind" character varying(16) NOT NULL,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_source_documents_kind" CHECK (
                    "kind" IN (
                        'brief',
                        'report',
                        'hearing',
                        'analysis',
                        'other'
                    )
                ),
                CONSTRAINT "pk_source_documents" PRIMARY KEY ("id")
            )
        `);
        // TypeORM records generated-column expressions in typeorm_metadata so that migration:generate
        // can diff them; the table may not exist yet on a fresh database.
        await queryRunner.query(`
            CREATE TABLE IF NOT EXISTS "typeorm_metadata" (
                "type" character varying NOT NULL,
                "database" character varying,
                "schema" character varying,
                "table" character varying,
                "name" character varying,
                "value" text
            )
        `);
        await queryRunner.query(`
            INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value")
            VALUES (current_database(), current_schema(), $1, $2, $3, $4)
        `, ["recommendations","GENERATED_COLUMN","search",SEARCH_EXPRESSION]);
        await queryRunner.query(`
            CREATE TABLE "recommendations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "office_id" uuid NOT NULL,
                "reference" character varying(64) NOT NULL,
                "title" character varying(500) NOT NULL,
                "text" text NOT NULL,
                "policy_area" character varying(40) NOT NULL,
                "priority" character varying(8) NOT NULL,
                "status" character varying(24) NOT NULL DEFAULT 'open',
                "status_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "addressees" text array NOT NULL DEFAULT '{}',
                "tags" text array NOT NULL DEFAULT '{}',
                "source_id" uuid,
                "source_locator" character varying(200),
                "parent_id" uuid,
                "target_date" date,
                "version" integer NOT NULL DEFAULT '1',
                "created_by" uuid,
                "updated_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "deleted_at" TIMESTAMP WITH TIME ZONE,
                "search" tsvector GENERATED ALWAYS AS (
                    setweight(
                        to_tsvector(
                            'english',
                            coalesce("reference", '') || ' ' || coalesce("title", '')
                        ),
                        'A'
                    ) || setweight(
                        to_tsvector('english', coalesce("text", '')),
                        'B'
                    )
                ) STORED NOT NULL,
                "deleted_by" uuid,
                CONSTRAINT "ck_recommendations_not_own_parent" CHECK (
                    "parent_id" IS NULL
                    OR "parent_id" <> "id"
                ),
                CONSTRAINT "ck_recommendations_version" CHECK ("version" >= 1),
                CONSTRAINT "ck_recommendations_priority" CHECK ("priority" IN ('high', 'medium', 'low')),
                CONSTRAINT "ck_recommendations_status" CHECK (
                    "status" IN (
                        'open',
                        'in_progress',
                        'partially_implemented',
                        'implemented',
                        'not_implemented',
                        'withdrawn'
                    )
                ),
                CONSTRAINT "pk_recommendations" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendations_parent_id" ON "recommendations" ("parent_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendations_policy_area" ON "recommendations" ("policy_area")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendations_office_updated_at" ON "recommendations" ("office_id", "updated_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendations_office_status" ON "recommendations" ("office_id", "status")
        `);
        await queryRunner.query(`
            CREATE TABLE "comments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "recommendation_id" uuid NOT NULL,
                "body" text NOT NULL,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_comments" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_comments_recommendation_created_at" ON "comments" ("recommendation_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "evidence" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "recommendation_id" uuid NOT NULL,
                "kind" character varying(24) NOT NULL,
                "title" character varying(500) NOT NULL,
                "summary" text,
                "occurred_on" date NOT NULL,
                "url" character varying(2000),
                "attachment_filename" character varying(255),
                "attachment_content_type" character varying(128),
                "attachment_size" integer,
                "attachment_sha256" character(64),
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "deleted_at" TIMESTAMP WITH TIME ZONE,
                "deleted_by" uuid,
                CONSTRAINT "ck_evidence_kind" CHECK (
                    "kind" IN (
                        'hearing',
                        'letter',
                        'legislation',
                        'report',
                        'statement',
                        'meeting',
                        'delegation',
                        'court_ruling',
                        'agency_action',
                        'news',
                        'data',
                        'other'
                    )
                ),
                CONSTRAINT "pk_evidence" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_evidence_created_at" ON "evidence" ("created_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_evidence_recommendation_occurred_on" ON "evidence" ("recommendation_id", "occurred_on")
        `);
        await queryRunner.query(`
            CREATE TABLE "evidence_attachments" (
                "evidence_id" uuid NOT NULL,
                "data" bytea NOT NULL,
                CONSTRAINT "pk_evidence_attachments" PRIMARY KEY ("evidence_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "status_changes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "recommendation_id" uuid NOT NULL,
                "from_status" character varying(24),
                "to_status" character varying(24) NOT NULL,
                "reason" text NOT NULL,
                "evidence_ids" uuid array NOT NULL DEFAULT '{}',
                "changed_by" uuid,
                "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_status_changes" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_status_changes_changed_at" ON "status_changes" ("changed_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_status_changes_recommendation_changed_at" ON "status_changes" ("recommendation_id", "changed_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "recommendation_owners" (
                "recommendation_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                CONSTRAINT "pk_recommendation_owners" PRIMARY KEY ("recommendation_id", "user_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendation_owners_recommendation_id" ON "recommendation_owners" ("recommendation_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendation_owners_user_id" ON "recommendation_owners" ("user_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendations"
            ADD CONSTRAINT "fk_recommendations_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendations"
            ADD CONSTRAINT "fk_recommendations_policy_area" FOREIGN KEY ("policy_area") REFERENCES "policy_areas"("code") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendations"
            ADD CONSTRAINT "fk_recommendations_source" FOREIGN KEY ("source_id") REFERENCES "source_documents"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendations"
            ADD CONSTRAINT "fk_recommendations_parent" FOREIGN KEY ("parent_id") REFERENCES "recommendations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "comments"
            ADD CONSTRAINT "fk_comments_recommendation" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "evidence"
            ADD CONSTRAINT "fk_evidence_recommendation" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "evidence_attachments"
            ADD CONSTRAINT "fk_evidence_attachments_evidence" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "status_changes"
            ADD CONSTRAINT "fk_status_changes_recommendation" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendation_owners"
            ADD CONSTRAINT "fk_recommendation_owners_recommendation" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendation_owners"
            ADD CONSTRAINT "fk_recommendation_owners_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
        // Reference codes are unique per office among live recommendations, whatever their case.
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_recommendations_office_reference" ON "recommendations" ("office_id", lower("reference"))
            WHERE "deleted_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendations_search" ON "recommendations" USING GIN ("search")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendations_addressees" ON "recommendations" USING GIN ("addressees")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendations_tags" ON "recommendations" USING GIN ("tags")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_recommendations_tags"`);
        await queryRunner.query(`DROP INDEX "public"."ix_recommendations_addressees"`);
        await queryRunner.query(`DROP INDEX "public"."ix_recommendations_search"`);
        await queryRunner.query(`DROP INDEX "public"."uq_recommendations_office_reference"`);
        await queryRunner.query(`
            ALTER TABLE "recommendation_owners" DROP CONSTRAINT "fk_recommendation_owners_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendation_owners" DROP CONSTRAINT "fk_recommendation_owners_recommendation"
        `);
        await queryRunner.query(`
            ALTER TABLE "status_changes" DROP CONSTRAINT "fk_status_changes_recommendation"
        `);
        await queryRunner.query(`
            ALTER TABLE "evidence_attachments" DROP CONSTRAINT "fk_evidence_attachments_evidence"
        `);
        await queryRunner.query(`
            ALTER TABLE "evidence" DROP CONSTRAINT "fk_evidence_recommendation"
        `);
        await queryRunner.query(`
            ALTER TABLE "comments" DROP CONSTRAINT "fk_comments_recommendation"
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendations" DROP CONSTRAINT "fk_recommendations_parent"
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendations" DROP CONSTRAINT "fk_recommendations_source"
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendations" DROP CONSTRAINT "fk_recommendations_policy_area"
        `);
        await queryRunner.query(`
            ALTER TABLE "recommendations" DROP CONSTRAINT "fk_recommendations_office"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recommendation_owners_user_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recommendation_owners_recommendation_id"
        `);
        await queryRunner.query(`
            DROP TABLE "recommendation_owners"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_status_changes_recommendation_changed_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_status_changes_changed_at"
        `);
        await queryRunner.query(`
            DROP TABLE "status_changes"
        `);
        await queryRunner.query(`
            DROP TABLE "evidence_attachments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_evidence_recommendation_occurred_on"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_evidence_created_at"
        `);
        await queryRunner.query(`
            DROP TABLE "evidence"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_comments_recommendation_created_at"
        `);
        await queryRunner.query(`
            DROP TABLE "comments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recommendations_office_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recommendations_office_updated_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recommendations_policy_area"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recommendations_parent_id"
        `);
        await queryRunner.query(`
            DROP TABLE "recommendations"
        `);
        await queryRunner.query(`
            DELETE FROM "typeorm_metadata"
            WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search' AND "database" = current_database()
                AND "schema" = current_schema() AND "table" = 'recommendations'
        `);
        await queryRunner.query(`
            DROP TABLE "source_documents"
        `);
        await queryRunner.query(`
            DROP TABLE "policy_areas"
        `);
    }

}
