CREATE TABLE "replica_refusals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "replica_refusals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"master" text NOT NULL,
	"seq" bigint NOT NULL,
	"identifier" text,
	"email" text,
	"created" text,
	"reason" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "replica_sources" (
	"master" text PRIMARY KEY NOT NULL,
	"cursor" bigint DEFAULT 0 NOT NULL,
	"copied" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_error" text,
	"lease_until" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "replica_refusals_master_seq_unique" ON "replica_refusals" USING btree ("master","seq");--> statement-breakpoint
CREATE INDEX "replica_refusals_at_idx" ON "replica_refusals" USING btree ("at");