CREATE TABLE "location_checks" (
	"entry_id" bigint NOT NULL,
	"location" text NOT NULL,
	"outcome" text NOT NULL,
	"http_status" integer,
	"bytes" numeric,
	"detail" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	"failing_since" timestamp with time zone,
	CONSTRAINT "location_checks_entry_id_location_pk" PRIMARY KEY("entry_id","location"),
	CONSTRAINT "location_checks_outcome_check" CHECK ("location_checks"."outcome" in ('verified', 'reachable', 'unreachable', 'size-mismatch', 'checksum-mismatch'))
);
--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "integrity" text;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "integrity_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notify_integrity" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "location_checks" ADD CONSTRAINT "location_checks_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "location_checks_checked_at_idx" ON "location_checks" USING btree ("checked_at");--> statement-breakpoint
CREATE INDEX "entries_latest_integrity_idx" ON "entries" USING btree ("integrity_checked_at") WHERE latest;