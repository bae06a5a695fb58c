/** The look of text inputs and textareas in the admin and entry forms (the same as SelectField's select). */
export const INPUT_CLASS =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-indigo-600 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-600/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500";

export const LABEL_CLASS = "mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300";

/** `2026-03-01T10:00:00.123Z` as the `yyyy-MM-ddTHH:mm:ssZ` DateTime shows. */
export function toMetadataDate(iso: string): string {
  return iso.replace(/\.\d+Z$/, "Z");
}
