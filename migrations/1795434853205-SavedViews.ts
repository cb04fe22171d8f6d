import { MigrationInterface, QueryRunner } from "typeorm";

export class SavedViews1795434853205 implements MigrationInterface {
    name = 'SavedViews1795434853205'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "saved_views" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "name" character varying(200) NOT NULL,
                "filters" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_saved_views" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_saved_views_user_id" ON "saved_views" ("user_id")
        `);
        // Names are unique per user regardless of case: an expression index, which the entity cannot declare.
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_saved_views_user_name_lower" ON "saved_views" ("user_id", lower("name"))
        `);
        await queryRunner.query(`
            ALTER TABLE "saved_views"
            ADD CONSTRAINT "fk_saved_views_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "saved_views" DROP CONSTRAINT "fk_saved_views_user"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_saved_views_user_name_lower"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_saved_views_user_id"
        `);
        await queryRunner.query(`
            DROP TABLE "saved_views"
        `);
    }

}
