/**
 * Query parameters of the JSON API, validated with the shared schemas. One rule (issue 7): a value the
 * API does not know and a parameter it does not have are both a 400 naming the parameter, never
 * silently ignored (a misspelt `pageSize` would otherwise page by 20 and look like a bug elsewhere).
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";

/** For resources that take no query parameter at all. */
export const NO_PARAMS = z.object({});

export function parseParams<T extends z.ZodObject>(schema: T, params: URLSearchParams): z.infer<T> {
  const known = Object.keys(schema.shape);
  const raw: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!known.includes(name)) {
      const takes = known.length === 0 ? "this resource takes no parameter" : `this resource takes ${known.join(", ")}`;
      throw new AppError("bad_request", `invalid query parameters: unknown parameter ${name} (${takes})`);
    }
    raw[name] = value;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const message = result.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`).join("; ");
    throw new AppError("bad_request", `invalid query parameters: ${message}`);
  }
  return result.data;
}
