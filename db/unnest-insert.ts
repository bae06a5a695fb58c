/**
 * A multi-row INSERT with one array parameter per column (`insert ... select ... from unnest($1, $2,
 * ...)`) instead of one parameter per value: 3 to 5 times faster on both backends for the bulk loader,
 * since neither the server nor drizzle handles thousands of separate values. Every value travels as
 * text and is cast back to its column's type after unnest, which works the same with node-postgres
 * and PGlite.
 */
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

export function unnestInsert<T extends PgTable>(table: T, rows: Array<Record<string, unknown>>, returning?: SQL): SQL {
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>).filter(
    ([key, column]) => !column.generated && !column.generatedIdentity && rows.some((row) => row[key] !== undefined),
  );
  const names = sql.raw(columns.map(([, column]) => `"${column.name}"`).join(", "));
  const aliases = columns.map((_, i) => `c${i}`);
  const casts = columns.map(([, column], i) => sql.raw(`u.${aliases[i]}::${column.getSQLType()}`));
  const arrays = columns.map(([key, column]) => sql`${sql.param(rows.map((row) => toText(row[key], column.getSQLType())))}::text[]`);
  return sql`insert into ${table} (${names}) select ${sql.join(casts, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as u(${sql.raw(aliases.join(", "))})${
    returning ? sql` returning ${returning}` : sql``
  }`;
}

/** A value in PostgreSQL's text input form for its column type. */
function toText(value: unknown, type: string): string | null {
  if (value === undefined || value === null) return null;
  if (type === "jsonb" || type === "json") return JSON.stringify(value);
  if (type.endsWith("[]")) {
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string"))
      throw new TypeError(`unnestInsert handles text arrays only, not ${type}`);
    return `{${value.map((item: string) => `"${item.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
  }
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
  throw new TypeError(`unnestInsert cannot write a ${typeof value} into a ${type} column`);
}
