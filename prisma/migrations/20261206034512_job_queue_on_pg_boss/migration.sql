-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "rescoreHourUtc" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "rescoreSchedule" TEXT NOT NULL DEFAULT 'nightly';

-- The durable jobs move to pg-boss (schema "pgboss"). The old table is set aside, not dropped: at start the
-- app hands its waiting jobs to pg-boss and then drops it (app/infra/jobs/legacy-jobs.ts). A database that
-- already set one aside (a second app schema on the same database: tests) keeps the first.
CREATE SCHEMA IF NOT EXISTS "encore_legacy";
DO $$
BEGIN
  IF to_regclass('encore_legacy."Job"') IS NULL THEN
    ALTER TABLE "Job" SET SCHEMA "encore_legacy";
  ELSE
    DROP TABLE "Job";
  END IF;
END $$;
