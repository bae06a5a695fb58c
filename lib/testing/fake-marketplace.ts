/**
 * A stand-in for the original Marketplace's HTTP protocol on 127.0.0.1, for testing the CLI without
 * the real server: POST /metadata stores the body, GET /metadata/<id>/<email>[/<created>] answers the
 * `<metadata>` list of stored entries. Responses can be overridden to test error handling.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedUpload {
  contentType: string | undefined;
  accept: string | undefined;
  /** The Authorization header: `Bearer <token>` when the CLI had one. */
  authorization: string | undefined;
  body: Buffer;
}

export interface FakeMarketplace {
  url: string;
  uploads: ReceivedUpload[];
  /** Entries answered by GET, newest last. */
  entries: string[];
  /** When set, POST answers with this status and `<error>` text instead of storing. */
  failWith?: { status: number; message: string };
  close(): Promise<void>;
}

export async function startFakeMarketplace(): Promise<FakeMarketplace> {
  const state: Omit<FakeMarketplace, "url" | "close"> = { uploads: [], entries: [] };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "POST" && request.url === "/metadata") {
        const upload = {
          contentType: request.headers["content-type"],
          accept: request.headers.accept,
          authorization: request.headers.authorization,
          body: Buffer.concat(chunks),
        };
        if (state.failWith) {
          response.writeHead(state.failWith.status, { "Content-Type": "application/xml" });
          response.end(`<?xml version="1.0" encoding="UTF-8" standalone="no"?><error>${state.failWith.message}</error>`);
          return;
        }
        state.uploads.push(upload);
        state.entries.push(upload.body.toString("utf8"));
        response.writeHead(201, { "Content-Type": "text/plain", Location: "/metadata/x" });
        response.end("metadata entry created");
      } else if (request.method === "GET" && request.url?.startsWith("/metadata/")) {
        if (state.entries.length === 0) {
          response.writeHead(404, { "Content-Type": "application/xml" });
          response.end('<?xml version="1.0" encoding="UTF-8" standalone="no"?><error>no metadata matching query found</error>');
          return;
        }
        const bodies = [...state.entries].reverse().map((e) => e.replace(/^<\?xml[^>]*\?>/, ""));
        response.writeHead(200, { "Content-Type": "application/xml" });
        response.end(`<?xml version="1.0" encoding="UTF-8" standalone="no"?><metadata>${bodies.join("")}</metadata>`);
      } else {
        response.writeHead(404);
        response.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
