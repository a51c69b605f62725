-- A schema-version-1 database as the v1 monitor wrote it (sqlite3 .dump of a file made by
-- main's store.py before migration 2). Four runs, the third aborted; kent's text changes k1 -> k2.
BEGIN TRANSACTION;
CREATE TABLE "checks" (
   "id" INTEGER PRIMARY KEY,
   "run_id" INTEGER REFERENCES "runs"("id"),
   "force_id" TEXT,
   "checked_at" TEXT,
   "status" TEXT,
   "reason" TEXT,
   "url" TEXT,
   "final_url" TEXT,
   "http_status" INTEGER,
   "elapsed_ms" INTEGER,
   "score" REAL,
   "warnings" TEXT,
   "redirect_chain" TEXT,
   "content_hash" TEXT,
   "title" TEXT,
   "bytes" INTEGER,
   "error" TEXT,
   "used_override" INTEGER,
   "evidence" TEXT
);
INSERT INTO "checks" VALUES(1,1,'kent','2026-11-01T09:00:01+00:00','published','published reason','https://www.kent.police.uk/x','https://www.kent.police.uk/x',200,NULL,0.0,'[]','[]','k1',NULL,NULL,NULL,0,'{}');
INSERT INTO "checks" VALUES(2,1,'cleveland','2026-11-01T09:00:01+00:00','published','published reason','https://www.cleveland.police.uk/x','https://www.cleveland.police.uk/x',200,NULL,0.0,'[]','[]','c1',NULL,NULL,NULL,0,'{}');
INSERT INTO "checks" VALUES(3,2,'kent','2026-11-02T09:00:01+00:00','published','published reason','https://www.kent.police.uk/x','https://www.kent.police.uk/x',200,NULL,0.0,'[]','[]','k1',NULL,NULL,NULL,0,'{}');
INSERT INTO "checks" VALUES(4,2,'cleveland','2026-11-02T09:00:01+00:00','broken','broken reason','https://www.cleveland.police.uk/x','https://www.cleveland.police.uk/x',404,NULL,0.0,'[]','[]',NULL,NULL,NULL,NULL,0,'{}');
INSERT INTO "checks" VALUES(5,3,'kent','2026-11-03T09:00:01+00:00','broken','broken reason','https://www.kent.police.uk/x','https://www.kent.police.uk/x',404,NULL,0.0,'[]','[]',NULL,NULL,NULL,NULL,0,'{}');
INSERT INTO "checks" VALUES(6,4,'kent','2026-11-04T09:00:01+00:00','published','published reason','https://www.kent.police.uk/x','https://www.kent.police.uk/x',200,NULL,0.0,'[]','[]','k2',NULL,NULL,NULL,0,'{}');
INSERT INTO "checks" VALUES(7,4,'cleveland','2026-11-04T09:00:01+00:00','broken','broken reason','https://www.cleveland.police.uk/x','https://www.cleveland.police.uk/x',404,NULL,0.0,'[]','[]',NULL,NULL,NULL,NULL,0,'{}');
CREATE TABLE "runs" (
   "id" INTEGER PRIMARY KEY,
   "started" TEXT,
   "finished" TEXT,
   "state" TEXT,
   "trigger" TEXT,
   "source_problem" TEXT,
   "version" TEXT
);
INSERT INTO "runs" VALUES(1,'2026-11-01T09:00:00+00:00','2026-11-01T09:00:05+00:00','complete','cli',NULL,'0.1.0');
INSERT INTO "runs" VALUES(2,'2026-11-02T09:00:00+00:00','2026-11-02T09:00:05+00:00','complete','cli',NULL,'0.1.0');
INSERT INTO "runs" VALUES(3,'2026-11-03T09:00:00+00:00','2026-11-03T09:00:05+00:00','aborted','cli',NULL,'0.1.0');
INSERT INTO "runs" VALUES(4,'2026-11-04T09:00:00+00:00','2026-11-04T09:00:05+00:00','complete','cli',NULL,'0.1.0');
CREATE TABLE "schema_version" (
   "version" INTEGER PRIMARY KEY,
   "applied_at" TEXT
);
INSERT INTO "schema_version" VALUES(1,'2026-11-28T10:21:04+00:00');
CREATE TABLE "source_snapshots" (
   "id" INTEGER PRIMARY KEY,
   "run_id" INTEGER REFERENCES "runs"("id"),
   "fetched_at" TEXT,
   "url" TEXT,
   "kind" TEXT,
   "content_hash" TEXT,
   "title" TEXT,
   "public_updated_at" TEXT,
   "updated_at" TEXT,
   "fallback_reason" TEXT,
   "force_link_count" INTEGER,
   "links" TEXT,
   "unmatched" TEXT
);
INSERT INTO "source_snapshots" VALUES(1,1,'2026-11-01T09:00:00+00:00','https://www.gov.uk/api/content/npcc','content_api','src1','NPCC response','2025-03-14T09:30:00.000+00:00',NULL,NULL,2,'[{"url": "https://www.kent.police.uk/stalking", "text": "Kent", "force_id": "kent", "matched_by": null}, {"url": "https://www.cleveland.police.uk/response", "text": "Cleveland", "force_id": "cleveland", "matched_by": null}]','[]');
INSERT INTO "source_snapshots" VALUES(2,2,'2026-11-02T09:00:00+00:00','https://www.gov.uk/api/content/npcc','content_api','src1','NPCC response','2025-03-14T09:30:00.000+00:00',NULL,NULL,2,'[{"url": "https://www.kent.police.uk/stalking", "text": "Kent", "force_id": "kent", "matched_by": null}, {"url": "https://www.cleveland.police.uk/response", "text": "Cleveland", "force_id": "cleveland", "matched_by": null}]','[]');
INSERT INTO "source_snapshots" VALUES(3,3,'2026-11-03T09:00:00+00:00','https://www.gov.uk/api/content/npcc','content_api','src1','NPCC response','2025-03-14T09:30:00.000+00:00',NULL,NULL,2,'[{"url": "https://www.kent.police.uk/stalking", "text": "Kent", "force_id": "kent", "matched_by": null}, {"url": "https://www.cleveland.police.uk/response", "text": "Cleveland", "force_id": "cleveland", "matched_by": null}]','[]');
INSERT INTO "source_snapshots" VALUES(4,4,'2026-11-04T09:00:00+00:00','https://www.gov.uk/api/content/npcc','content_api','src1','NPCC response','2025-03-14T09:30:00.000+00:00',NULL,NULL,2,'[{"url": "https://www.kent.police.uk/stalking", "text": "Kent", "force_id": "kent", "matched_by": null}, {"url": "https://www.cleveland.police.uk/response", "text": "Cleveland", "force_id": "cleveland", "matched_by": null}]','[]');
CREATE INDEX "idx_checks_force_id_checked_at"
    ON "checks" ("force_id", "checked_at");
CREATE INDEX "idx_checks_run_id"
    ON "checks" ("run_id");
CREATE INDEX "idx_source_snapshots_fetched_at"
    ON "source_snapshots" ("fetched_at");
COMMIT;
