import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes for the recommendation list and view (docs/PERFORMANCE.md): lists never show deleted
 * items, so their count reads a partial index alone, the page of "recently updated first" comes
 * from a covering one without touching the table, and each row's live evidence is counted from an
 * index. The office/status index becomes partial: nothing else used it.
 */
export class ListIndexes1795443414056 implements MigrationInterface {
    name = 'ListIndexes1795443414056'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_recommendations_office_status"
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendations_live_office_status" ON "recommendations" ("office_id", "status")
            WHERE "deleted_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendations_live_office_updated_at" ON "recommendations" ("office_id", "updated_at" DESC NULLS LAST, "id")
            INCLUDE ("status") WHERE "deleted_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_evidence_live_recommendation" ON "evidence" ("recommendation_id")
            WHERE "deleted_at" IS NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_evidence_live_recommendation"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recommendations_live_office_updated_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recommendations_live_office_status"
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recommendations_office_status" ON "recommendations" ("office_id", "status")
        `);
    }

}
