/** Query parameters of the JSON API, validated with the shared schemas; failures become 400s naming the parameter. */
import type { z } from "zod";
import { AppError } from "@/lib/errors";

export function parseParams<T extends z.ZodType>(schema: T, params: URLSearchParams): z.infer<T> {
  const raw: Record<string, string> = {};
  for (const [name, value] of params) raw[name] = value;
  const result = schema.safeParse(raw);
  if (!result.success) {
    const message = result.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`).join("; ");
    throw new AppError("bad_request", `invalid query parameters: ${message}`);
  }
  return result.data;
}
