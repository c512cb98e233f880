-- 0030: an import run keeps the SHA-256 of its file, so "was this file brought before?" has an answer.
ALTER TABLE "import_runs" ADD COLUMN "file_sha256" TEXT NULL;
