/** Joins class lists, skipping the empty ones (`cn("a", open && "b")`); Prettier sorts the classes in its arguments. */
export function cn(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}
