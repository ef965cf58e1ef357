-- AlterTable
ALTER TABLE "task_attempts" ADD COLUMN     "redeliveries" INTEGER NOT NULL DEFAULT 0;
