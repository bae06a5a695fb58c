/**
 * A JSON request body checked against a zod schema, as the JSON API's writes take them: the right
 * Content-Type (415 otherwise), at most `maxBytes` (413), valid JSON (400), and the schema's shape
 * (422 naming every field that is wrong, in `error.fields`).
 */
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { readCapped } from "./read-body";

export async function readJson(request: Request, maxBytes: number, what = "the request"): Promise<unknown> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") throw new AppError("unsupported_media_type", `send ${what} as JSON (Content-Type: application/json)`);
  const bytes = await readCapped(request, maxBytes);
  try {
    return JSON.parse(bytes.toString("utf8")) as unknown;
  } catch {
    throw new AppError("bad_request", "the request body is not valid JSON");
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** zod's issues as the fields a person reads: `data.image.hashes.sha1`, `request` for unknown keys at the top. */
export function fieldProblems(error: z.ZodError, root = "request"): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>(
      (text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
      "",
    );
    if (issue.code === "unrecognized_keys") return { field: path || root, message: `unknown keys: ${issue.keys.join(", ")}` };
    return { field: path || root, message: issue.message };
  });
}

export function unprocessable(fields: FieldProblem[]): AppError {
  return new AppError("unprocessable", fields.map((f) => `${f.field}: ${f.message}`).join("; "), { fields });
}

export async function readJsonAs<T extends z.ZodType>(request: Request, schema: T, maxBytes: number, what?: string): Promise<z.output<T>> {
  const parsed = schema.safeParse(await readJson(request, maxBytes, what));
  if (!parsed.success) throw unprocessable(fieldProblems(parsed.error));
  return parsed.data;
}
