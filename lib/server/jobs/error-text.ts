/**
 * The text of a job's error as it may be stored (jobs.last_error, outbox.last_error) and logged:
 * its message, with any credentials of a URL (`//user:password@`) and the SMTP password removed.
 */
export function errorText(error: unknown, secrets: readonly (string | undefined)[] = []): string {
  let text = error instanceof Error ? error.message || error.name : String(error);
  text = text.replace(/\/\/[^\s/@:]*:[^\s/@]*@/g, "//***@");
  for (const secret of secrets) if (secret && secret.length >= 4) text = text.split(secret).join("***");
  return text.slice(0, 2000);
}
