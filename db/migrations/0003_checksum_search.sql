-- Added by hand (drizzle-kit does not write functions): the checksum values of an entry's checksums
-- jsonb, lowercase and without leading zeros, for entries.checksum_keys. A generated column needs an
-- immutable expression, which a function over jsonb_array_elements is when declared so.
CREATE OR REPLACE FUNCTION checksum_keys(jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT coalesce(array_agg(ltrim(lower(c->>'value'), '0')), '{}'::text[])
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof($1) = 'array' THEN $1 ELSE '[]'::jsonb END) AS c
        WHERE c->>'value' IS NOT NULL $$;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "checksum_keys" text[] GENERATED ALWAYS AS (checksum_keys(checksums)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "entries_latest_checksum_idx" ON "entries" USING gin ("checksum_keys") WHERE latest;