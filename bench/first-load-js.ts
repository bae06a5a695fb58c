/**
 * First-load JavaScript of a page, as a browser gets it: every script the HTML references, fetched
 * and gzipped (level 9, what a CDN serves), summed. Next 16's build output no longer prints it.
 */
import { gzipSync } from "node:zlib";

export interface ScriptSize {
  url: string;
  bytes: number;
  gzipBytes: number;
}

export async function firstLoadJs(pageUrl: string): Promise<{ scripts: ScriptSize[]; totalGzip: number; totalBytes: number }> {
  const html = await (await fetch(pageUrl, { headers: { Accept: "text/html" } })).text();
  // nomodule scripts (legacy polyfills) are never loaded by browsers that run the app.
  const tags = [...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)].filter((m) => !/\snomodule/i.test(`${m[1]} ${m[3]}`));
  const sources = [...new Set(tags.map((m) => m[2] as string))];
  const scripts = await Promise.all(
    sources.map(async (src) => {
      const body = Buffer.from(await (await fetch(new URL(src, pageUrl))).arrayBuffer());
      return { url: src, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
    }),
  );
  return {
    scripts,
    totalGzip: scripts.reduce((n, s) => n + s.gzipBytes, 0),
    totalBytes: scripts.reduce((n, s) => n + s.bytes, 0),
  };
}
