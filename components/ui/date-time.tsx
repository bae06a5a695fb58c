import { formatDisplayDate } from "@/components/format";

/** A `<time>` element for a `yyyy-MM-ddTHH:mm:ssZ` value. */
export function DateTime({ value, withSeconds = false }: { value: string; withSeconds?: boolean }) {
  return <time dateTime={value}>{formatDisplayDate(value, withSeconds)}</time>;
}
