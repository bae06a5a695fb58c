/**
 * The layer rules of eslint.config.mjs (ARCHITECTURE.md) refuse what they should and allow what the
 * tree does: each case lints one import line as if it were in the named file.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { layers } from "../../eslint.layers.mjs";

// The layer rules alone (the whole config takes seconds to load); TypeScript syntax is not needed.
const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: true, overrideConfig: layers });

async function restricted(filePath: string, source: string): Promise<boolean> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath });
  return result!.messages.some((message) => message.ruleId === "no-restricted-imports");
}

describe("layer rules", () => {
  it.each([
    ["lib/metadata/model.ts", 'import "@/db/client";'],
    ["lib/metadata/xml/strict-parse.ts", 'import "../../../db/client";'],
    ["lib/metadata/xml/strict-parse.ts", 'import "../../server/upload";'],
    ["lib/metadata/model.ts", 'import "@/lib/http/responses";'],
    ["lib/metadata/model.ts", 'import "next/server";'],
    ["lib/metadata/model.ts", 'import "react";'],
    ["lib/metadata/model.ts", 'import "@/components/format";'],
    ["lib/entries/entry-urls.ts", 'import "@/db";'],
    ["lib/entries/entry-urls.ts", 'import "../server/upload";'],
    ["lib/entries/entry-urls.ts", 'import "react";'],
    ["lib/accounts/roles.ts", 'import "@/db";'],
    ["lib/accounts/roles.ts", 'import "../server/auth/actor";'],
    ["lib/accounts/roles.ts", 'import "next/server";'],
    ["lib/build/recipe.ts", 'import "@/db";'],
    ["lib/build/recipe.ts", 'import "../server/jobs";'],
    ["lib/build/recipe.ts", 'import "server-only";'],
    ["db/get-entry.ts", 'import "@/lib/server/upload";'],
    ["db/get-entry.ts", 'import "@/lib/http/responses";'],
    ["db/get-entry.ts", 'import "@/app/layout";'],
    ["db/get-entry.ts", 'import "next/server";'],
    ["db/pglite-worker/worker.ts", 'import "../../lib/server/upload";'],
    ["lib/cli/program.ts", 'import "@/db";'],
    ["lib/cli/commands/upload-metadata.ts", 'import "../../server/upload";'],
    ["bin/marketplace.ts", 'import "@/lib/server/upload";'],
    ["components/entry/entry-facts.tsx", 'import "@/db";'],
    ["components/entry/entry-facts.tsx", 'import "@/lib/server/upload";'],
    ["lib/http/responses.ts", 'import "@/lib/server/upload";'],
    ["lib/http/responses.ts", 'import "@/db";'],
    ["lib/http-server/serve.ts", 'import "@/lib/server/upload";'],
  ])("refuses in %s: %s", async (file, source) => {
    expect(await restricted(file, source)).toBe(true);
  });

  it.each([
    ["lib/metadata/model.ts", 'import "./namespaces";'],
    ["lib/metadata/xml/strict-parse.ts", 'import "../namespaces";'],
    ["lib/metadata/model.ts", 'import "@/lib/errors";'],
    ["lib/build/recipe.ts", 'import "@/lib/metadata/identifier";'],
    ["db/get-entry.ts", 'import "@/lib/metadata/model";'],
    ["db/users.ts", 'import "@/lib/accounts/roles";'],
    ["db/get-entry.ts", 'import "@/lib/logger";'],
    ["db/get-entry.ts", 'import "server-only";'],
    ["lib/cli/program.ts", 'import "@/lib/metadata/model";'],
    ["components/entry/entry-facts.tsx", 'import "@/lib/entries/types";'],
    ["lib/server/upload.ts", 'import "@/db";'],
    ["app/layout.tsx", 'import "@/db";'],
  ])("allows in %s: %s", async (file, source) => {
    expect(await restricted(file, source)).toBe(false);
  });
});
