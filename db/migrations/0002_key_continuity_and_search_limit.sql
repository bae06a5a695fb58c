CREATE TABLE "endorser_keys" (
	"email" text NOT NULL,
	"public_key_sha256" text NOT NULL,
	"admitted_by" text NOT NULL,
	"first_certificate" text NOT NULL,
	"admitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "endorser_keys_email_public_key_sha256_pk" PRIMARY KEY("email","public_key_sha256"),
	CONSTRAINT "endorser_keys_admitted_by_check" CHECK ("endorser_keys"."admitted_by" in ('first-key', 'trusted-ca', 'existing'))
);
--> statement-breakpoint
ALTER TABLE "entries" drop column "search";--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, translate(left(coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(os, '') || ' ' || coalesce(os_version, '') || ' ' || coalesce(os_arch, '') || ' ' || coalesce(kind, '') || ' ' || coalesce(identifier, '') || ' ' || coalesce(email, '') || ' ' || coalesce(endorser_name, '') || ' ' || coalesce(tag, '') || ' ' || coalesce(immutable_array_to_string(locations, ' '), ''), 100000), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                '))) STORED NOT NULL;--> statement-breakpoint
-- Added by hand: dropping the column dropped its index, which drizzle-kit does not recreate.
CREATE INDEX "entries_latest_search_idx" ON "entries" USING gin ("search") WHERE latest;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "public_key_sha256" text;--> statement-breakpoint
ALTER TABLE "endorser_keys" ADD CONSTRAINT "endorser_keys_first_certificate_certificates_fingerprint_fk" FOREIGN KEY ("first_certificate") REFERENCES "public"."certificates"("fingerprint") ON DELETE no action ON UPDATE no action;