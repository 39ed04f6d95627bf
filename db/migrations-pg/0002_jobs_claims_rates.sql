CREATE TABLE "periodic_jobs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_started_at" bigint NOT NULL,
	"last_finished_at" bigint,
	"last_server" text,
	"runs" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"window_started_at" bigint NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "claimed_until" bigint;