-- AlterTable
ALTER TABLE "ScoringRun" ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "phase" TEXT,
ADD COLUMN     "progressDone" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "progressTotal" INTEGER NOT NULL DEFAULT 0;
