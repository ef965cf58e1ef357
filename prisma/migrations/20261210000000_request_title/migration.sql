-- A one-line name for workflow requests in lists (workflows have no free-text input).
ALTER TABLE "requests" ADD COLUMN "title" TEXT;
