-- array_to_string is only STABLE (it may call element output functions); for text[] it is immutable,
-- which a generated column (entries.search) requires.
CREATE OR REPLACE FUNCTION immutable_array_to_string(text[], text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT array_to_string($1, $2) $$;
