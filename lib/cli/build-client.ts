/**
 * The CLI's side of the build API (issue 10): start a build, upload a disk to build from, follow a
 * build's server-sent events (reconnecting with Last-Event-ID when the stream ends before the build),
 * download its artifacts and skeletal metadata, get a context disk. Always with the API token.
 */
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@/lib/errors";
import { authenticationHint, type ApiToken } from "./api-token";
import { request } from "./marketplace-client";
import type { Endpoint } from "./settings";

export interface BuildState {
  id: string;
  status: string;
  stage: string | null;
  percent: number;
  error: string | null;
  artifacts: { name: string; format: string; bytes: number; md5: string; sha1: string; sha256: string; sha512: string; url: string }[];
  metadata: string | null;
}

export interface BuildEvent {
  id: number;
  event: string;
  data: string;
}

const headers = (token: ApiToken, extra: Record<string, string> = {}) => ({ Authorization: `Bearer ${token.token}`, ...extra });

async function failure(endpoint: Endpoint, response: Response, token: ApiToken, doing: string): Promise<AppError> {
  const text = await response.text();
  let message = text.trim().slice(0, 2000);
  try {
    const body = JSON.parse(text) as { error?: { message?: string; fields?: { field: string; message: string }[] } };
    if (body.error?.fields?.length) message = body.error.fields.map((f) => `  ${f.field}: ${f.message}`).join("\n");
    else if (body.error?.message) message = body.error.message;
  } catch {
    // not JSON: the text as it is
  }
  if (response.status === 401 || response.status === 403) {
    return new AppError(
      response.status === 401 ? "unauthorized" : "forbidden",
      `${doing}: ${message}\n  ${authenticationHint(response.status, token, endpoint.url)}`,
    );
  }
  const code =
    response.status === 422
      ? "unprocessable"
      : response.status === 404
        ? "not_found"
        : response.status >= 500
          ? "upstream_failed"
          : "bad_request";
  return new AppError(code, `${doing} (${response.status}):\n${message}`);
}

export async function startBuild(endpoint: Endpoint, token: ApiToken, recipe: unknown): Promise<{ id: string; url: string }> {
  const response = await request(endpoint, `${endpoint.url}/api/v1/builds`, {
    method: "POST",
    headers: headers(token, { "Content-Type": "application/json" }),
    body: JSON.stringify(recipe),
  });
  if (response.status !== 202) throw await failure(endpoint, response, token, "the build was refused");
  return (await response.json()) as { id: string; url: string };
}

export async function uploadDisk(
  endpoint: Endpoint,
  token: ApiToken,
  file: string,
): Promise<{ id: string; bytes: number; sha256: string }> {
  const size = fs.statSync(file).size;
  const response = await request(endpoint, `${endpoint.url}/api/v1/disks`, {
    method: "POST",
    headers: headers(token, { "Content-Type": "application/octet-stream", "Content-Length": String(size) }),
    body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
    duplex: "half",
  } as RequestInit);
  if (response.status !== 201) throw await failure(endpoint, response, token, "the disk upload was refused");
  return (await response.json()) as { id: string; bytes: number; sha256: string };
}

export async function getBuild(endpoint: Endpoint, token: ApiToken, id: string): Promise<BuildState> {
  const response = await request(endpoint, `${endpoint.url}/api/v1/builds/${encodeURIComponent(id)}`, { headers: headers(token) });
  if (response.status !== 200) throw await failure(endpoint, response, token, `cannot read build ${id}`);
  return (await response.json()) as BuildState;
}

/** Calls `onEvent` for every event until the build has finished; reconnects after a dropped stream. */
export async function followBuild(
  endpoint: Endpoint,
  token: ApiToken,
  id: string,
  onEvent: (event: BuildEvent) => void,
): Promise<BuildState> {
  let last = 0;
  for (let failures = 0; ;) {
    try {
      const response = await fetch(`${endpoint.url}/api/v1/builds/${encodeURIComponent(id)}/events`, {
        headers: headers(token, last > 0 ? { "Last-Event-ID": String(last) } : {}),
      });
      if (response.status !== 200) throw await failure(endpoint, response, token, `cannot follow build ${id}`);
      let buffer = "";
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString("utf8");
        let end: number;
        while ((end = buffer.indexOf("\n\n")) !== -1) {
          const event = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!event) continue;
          last = event.id;
          onEvent(event);
        }
      }
      failures = 0;
    } catch (error) {
      if (AppError.is(error) && error.code !== "upstream_failed") throw error;
      if (++failures > 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * failures));
    }
    const state = await getBuild(endpoint, token, id);
    if (!["queued", "running"].includes(state.status)) return state;
  }
}

function parseEvent(block: string): BuildEvent | undefined {
  const lines = block.split("\n");
  const value = (name: string) => lines.filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2));
  const id = Number(value("id")[0]);
  if (!Number.isSafeInteger(id)) return undefined;
  return { id, event: value("event")[0] ?? "message", data: value("data").join("\n") };
}

/** Downloads `url` to `file` (replacing it only once complete). */
export async function download(endpoint: Endpoint, token: ApiToken, url: string, file: string): Promise<void> {
  const response = await fetch(url, { headers: headers(token) });
  if (response.status !== 200 || !response.body) throw await failure(endpoint, response, token, `cannot download ${url}`);
  const partial = `${file}.partial`;
  await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), fs.createWriteStream(partial));
  fs.renameSync(partial, file);
}

export async function contextDisk(endpoint: Endpoint, token: ApiToken, body: unknown): Promise<Buffer> {
  const response = await request(endpoint, `${endpoint.url}/api/v1/context-disks`, {
    method: "POST",
    headers: headers(token, { "Content-Type": "application/json" }),
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw await failure(endpoint, response, token, "the context disk was refused");
  return Buffer.from(await response.arrayBuffer());
}
