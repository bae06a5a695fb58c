CREATE TABLE "certificates" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"pem" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"not_after" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "data_version_single_row" CHECK ("data_version"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "endorsers" (
	"email" text PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"name" text NOT NULL,
	"first_endorsed" timestamp with time zone NOT NULL,
	"last_endorsed" timestamp with time zone NOT NULL,
	"entry_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"identifier" text NOT NULL,
	"email" text NOT NULL,
	"created" timestamp with time zone NOT NULL,
	"valid" timestamp with time zone,
	"deprecated" text,
	"title" text,
	"description" text,
	"os" text,
	"os_version" text,
	"os_arch" text,
	"kind" text,
	"type" text,
	"tag" text,
	"locations" text[] DEFAULT '{}'::text[] NOT NULL,
	"web_location" boolean NOT NULL,
	"pdisk_location" boolean NOT NULL,
	"bytes" numeric NOT NULL,
	"format" text,
	"compression" text,
	"version" text,
	"creator" text,
	"publisher" text,
	"hypervisor" text,
	"checksums" jsonb NOT NULL,
	"endorser_subject" text NOT NULL,
	"endorser_issuer" text NOT NULL,
	"endorser_name" text NOT NULL,
	"certificate_fingerprint" text NOT NULL,
	"trust_label" text NOT NULL,
	"trust_reason" text NOT NULL,
	"xml_sha256" text NOT NULL,
	"xml_bytes" integer NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"latest" boolean DEFAULT false NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, translate(coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(os, '') || ' ' || coalesce(os_version, '') || ' ' || coalesce(os_arch, '') || ' ' || coalesce(kind, '') || ' ' || coalesce(identifier, '') || ' ' || coalesce(email, '') || ' ' || coalesce(endorser_name, '') || ' ' || coalesce(tag, '') || ' ' || coalesce(immutable_array_to_string(locations, ' '), ''), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                '))) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entry_documents" (
	"entry_id" bigint PRIMARY KEY NOT NULL,
	"xml" "bytea" NOT NULL,
	"rdf_json" jsonb NOT NULL,
	"metadata" jsonb NOT NULL,
	"signature" jsonb NOT NULL,
	"trust" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "upload_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "upload_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"problems" text[] DEFAULT '{}'::text[] NOT NULL,
	"identifier" text,
	"email" text,
	"created" timestamp with time zone,
	"address" text,
	"user_agent" text,
	"size" integer,
	CONSTRAINT "upload_events_outcome_check" CHECK ("upload_events"."outcome" in ('created', 'unchanged', 'replaced', 'refused'))
);
--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_certificate_fingerprint_certificates_fingerprint_fk" FOREIGN KEY ("certificate_fingerprint") REFERENCES "public"."certificates"("fingerprint") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_documents" ADD CONSTRAINT "entry_documents_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "entries_key_unique" ON "entries" USING btree ("identifier","email","created");--> statement-breakpoint
CREATE UNIQUE INDEX "entries_latest_unique" ON "entries" USING btree ("identifier","email") WHERE latest;--> statement-breakpoint
CREATE INDEX "entries_email_created_idx" ON "entries" USING btree ("email","created");--> statement-breakpoint
CREATE INDEX "entries_created_idx" ON "entries" USING btree ("created");--> statement-breakpoint
CREATE INDEX "entries_valid_idx" ON "entries" USING btree ("valid");--> statement-breakpoint
CREATE INDEX "entries_tag_idx" ON "entries" USING btree ("tag","email") WHERE tag is not null;--> statement-breakpoint
CREATE INDEX "entries_latest_status_idx" ON "entries" USING btree ("valid","deprecated","web_location","pdisk_location") WHERE latest;--> statement-breakpoint
CREATE INDEX "entries_latest_deprecated_idx" ON "entries" USING btree ("created","id") WHERE latest and deprecated is not null;--> statement-breakpoint
CREATE INDEX "entries_latest_created_idx" ON "entries" USING btree ("created","id") WHERE latest;--> statement-breakpoint
CREATE INDEX "entries_latest_identifier_idx" ON "entries" USING btree ("identifier","created","id") WHERE latest;--> statement-breakpoint
CREATE INDEX "entries_latest_title_idx" ON "entries" USING btree (coalesce(lower(title), ''),"created","id") WHERE latest;--> statement-breakpoint
CREATE INDEX "entries_latest_os_idx" ON "entries" USING btree (coalesce(lower(os), ''),"created","id") WHERE latest;--> statement-breakpoint
CREATE INDEX "entries_latest_os_version_idx" ON "entries" USING btree (coalesce(lower(os_version), ''),"created","id") WHERE latest;--> statement-breakpoint
CREATE INDEX "entries_latest_os_arch_idx" ON "entries" USING btree (coalesce(lower(os_arch), ''),"created","id") WHERE latest;--> statement-breakpoint
CREATE INDEX "entries_latest_kind_idx" ON "entries" USING btree (coalesce(lower(kind), ''),"created","id") WHERE latest;--> statement-breakpoint
CREATE INDEX "entries_latest_email_idx" ON "entries" USING btree (lower(email),"created","id") WHERE latest;--> statement-breakpoint
CREATE INDEX "entries_latest_search_idx" ON "entries" USING gin ("search") WHERE latest;--> statement-breakpoint
CREATE INDEX "upload_events_at_idx" ON "upload_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "upload_events_address_at_idx" ON "upload_events" USING btree ("address","at");--> statement-breakpoint
CREATE INDEX "upload_events_email_at_idx" ON "upload_events" USING btree ("email","at");