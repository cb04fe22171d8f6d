import { MigrationInterface, QueryRunner } from "typeorm";

export class SavedReports1795439778181 implements MigrationInterface {
    name = 'SavedReports1795439778181'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "saved_reports" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "office_id" uuid,
                "title" character varying(200) NOT NULL,
                "format" character varying(10) NOT NULL,
                "params" jsonb NOT NULL,
                "filename" character varying(300) NOT NULL,
                "content_type" character varying(100) NOT NULL,
                "byte_size" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "content" bytea NOT NULL,
                "created_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_saved_reports" PRIMARY KEY ("id"),
                CONSTRAINT "ck_saved_reports_digest" CHECK ("sha256" = encode(sha256("content"), 'hex') AND "byte_size" = octet_length("content"))
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_saved_reports_office_created" ON "saved_reports" ("office_id", "created_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "saved_reports"
            ADD CONSTRAINT "fk_saved_reports_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "saved_reports"
            ADD CONSTRAINT "fk_saved_reports_created_by" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        // What was sent to a principal stays as it was, whoever connects.
        await queryRunner.query(`
            CREATE FUNCTION "saved_reports_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'saved_reports are kept as sent: % refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "trg_saved_reports_immutable" BEFORE UPDATE OR DELETE ON "saved_reports"
            FOR EACH ROW EXECUTE FUNCTION "saved_reports_immutable"()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "trg_saved_reports_immutable" ON "saved_reports"`);
        await queryRunner.query(`DROP FUNCTION "saved_reports_immutable"()`);
        await queryRunner.query(`
            ALTER TABLE "saved_reports" DROP CONSTRAINT "fk_saved_reports_created_by"
        `);
        await queryRunner.query(`
            ALTER TABLE "saved_reports" DROP CONSTRAINT "fk_saved_reports_office"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_saved_reports_office_created"
        `);
        await queryRunner.query(`
            DROP TABLE "saved_reports"
        `);
    }

}
