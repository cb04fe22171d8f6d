import { MigrationInterface, QueryRunner } from "typeorm";

export class FollowUpsNotificationsIndicators1795430267795 implements MigrationInterface {
    name = 'FollowUpsNotificationsIndicators1795430267795'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "follow_ups" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "recommendation_id" uuid NOT NULL,
                "office_id" uuid NOT NULL,
                "title" character varying(500) NOT NULL,
                "details" text,
                "assignee_id" uuid NOT NULL,
                "assigned_by" uuid,
                "due_on" date NOT NULL,
                "priority" character varying(8) NOT NULL DEFAULT 'medium',
                "status" character varying(16) NOT NULL DEFAULT 'open',
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                "created_by" uuid,
                "updated_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_follow_ups_completed_at" CHECK (
                    ("status" = 'done') = ("completed_at" IS NOT NULL)
                ),
                CONSTRAINT "ck_follow_ups_version" CHECK ("version" >= 1),
                CONSTRAINT "ck_follow_ups_priority" CHECK ("priority" IN ('high', 'medium', 'low')),
                CONSTRAINT "ck_follow_ups_status" CHECK (
                    "status" IN ('open', 'in_progress', 'done', 'cancelled')
                ),
                CONSTRAINT "pk_follow_ups" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_follow_ups_active_due_on" ON "follow_ups" ("due_on")
            WHERE "status" IN ('open', 'in_progress')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_follow_ups_office_due_on" ON "follow_ups" ("office_id", "due_on")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_follow_ups_assignee_status_due_on" ON "follow_ups" ("assignee_id", "status", "due_on")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_follow_ups_recommendation_status" ON "follow_ups" ("recommendation_id", "status")
        `);
        await queryRunner.query(`
            CREATE TABLE "indicators" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(300) NOT NULL,
                "unit" character varying(100) NOT NULL,
                "better_when" character varying(8) NOT NULL,
                "source" character varying(500),
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_indicators_better_when" CHECK ("better_when" IN ('higher', 'lower')),
                CONSTRAINT "pk_indicators" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_indicators_name_lower" ON "indicators" (lower("name"))
        `);
        await queryRunner.query(`
            CREATE TABLE "indicator_observations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "indicator_id" uuid NOT NULL,
                "observed_on" date NOT NULL,
                "value" numeric NOT NULL,
                "source" character varying(500),
                "note" text,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_indicator_observations_indicator_observed_on" UNIQUE ("indicator_id", "observed_on"),
                CONSTRAINT "pk_indicator_observations" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "kind" character varying(32) NOT NULL,
                "message" text NOT NULL,
                "recommendation_id" uuid,
                "follow_up_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "read_at" TIMESTAMP WITH TIME ZONE,
                "reminder_due_on" date,
                "email_state" character varying(8),
                "email_attempts" integer NOT NULL DEFAULT '0',
                "email_claimed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_notifications_email_state" CHECK (
                    "email_state" IS NULL
                    OR "email_state" IN ('pending', 'sending', 'sent', 'failed')
                ),
                CONSTRAINT "ck_notifications_kind" CHECK (
                    "kind" IN (
                        'follow_up_assigned',
                        'follow_up_due_soon',
                        'follow_up_overdue',
                        'status_changed'
                    )
                ),
                CONSTRAINT "pk_notifications" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_notifications_email_pending" ON "notifications" ("created_at")
            WHERE "email_state" = 'pending'
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_notifications_follow_up_reminder" ON "notifications" ("follow_up_id", "kind", "user_id", "reminder_due_on")
            WHERE "kind" IN ('follow_up_due_soon', 'follow_up_overdue')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_notifications_user_unread" ON "notifications" ("user_id")
            WHERE "read_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_notifications_user_created_at" ON "notifications" ("user_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "indicator_recommendations" (
                "indicator_id" uuid NOT NULL,
                "recommendation_id" uuid NOT NULL,
                CONSTRAINT "pk_indicator_recommendations" PRIMARY KEY ("indicator_id", "recommendation_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_indicator_recommendations_indicator_id" ON "indicator_recommendations" ("indicator_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_indicator_recommendations_recommendation_id" ON "indicator_recommendations" ("recommendation_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "offices"
            ADD "time_zone" character varying(64) NOT NULL DEFAULT 'America/New_York'
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_ups"
            ADD CONSTRAINT "fk_follow_ups_recommendation" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_ups"
            ADD CONSTRAINT "fk_follow_ups_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_ups"
            ADD CONSTRAINT "fk_follow_ups_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_ups"
            ADD CONSTRAINT "fk_follow_ups_assigned_by" FOREIGN KEY ("assigned_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_observations"
            ADD CONSTRAINT "fk_indicator_observations_indicator" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "fk_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "fk_notifications_recommendation" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "fk_notifications_follow_up" FOREIGN KEY ("follow_up_id") REFERENCES "follow_ups"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_recommendations"
            ADD CONSTRAINT "fk_indicator_recommendations_indicator" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_recommendations"
            ADD CONSTRAINT "fk_indicator_recommendations_recommendation" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "indicator_recommendations" DROP CONSTRAINT "fk_indicator_recommendations_recommendation"
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_recommendations" DROP CONSTRAINT "fk_indicator_recommendations_indicator"
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_follow_up"
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_recommendation"
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_observations" DROP CONSTRAINT "fk_indicator_observations_indicator"
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_assigned_by"
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_assignee"
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_office"
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_recommendation"
        `);
        await queryRunner.query(`
            ALTER TABLE "offices" DROP COLUMN "time_zone"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_indicator_recommendations_recommendation_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_indicator_recommendations_indicator_id"
        `);
        await queryRunner.query(`
            DROP TABLE "indicator_recommendations"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_notifications_user_created_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_notifications_user_unread"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_notifications_follow_up_reminder"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_notifications_email_pending"
        `);
        await queryRunner.query(`
            DROP TABLE "notifications"
        `);
        await queryRunner.query(`
            DROP TABLE "indicator_observations"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_indicators_name_lower"
        `);
        await queryRunner.query(`
            DROP TABLE "indicators"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_follow_ups_recommendation_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_follow_ups_assignee_status_due_on"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_follow_ups_office_due_on"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_follow_ups_active_due_on"
        `);
        await queryRunner.query(`
            DROP TABLE "follow_ups"
        `);
    }

}
