/**
 * The audit write's failure, on demand, for the tests of issue 8 item 1: the database itself refuses
 * every upload event but a refusal, as a full disk would (SQLSTATE 53100), so no production code is
 * patched. Undo with `drop trigger fail_audit on upload_events`.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../client";

export async function failAuditWrites(db: Db): Promise<void> {
  await db.execute(
    sql.raw(`create or replace function fail_audit() returns trigger language plpgsql as $$
      begin
        if new.outcome <> 'refused' then raise exception 'no space left for the audit trail' using errcode = '53100'; end if;
        return new;
      end $$`),
  );
  await db.execute(sql.raw("create trigger fail_audit before insert on upload_events for each row execute function fail_audit()"));
}
