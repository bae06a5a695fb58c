/**
 * `marketplace check-image <image-id>`: the site policy check a cloud's launch hook calls before it
 * starts an image (the original's `stratus-policy-image`, reference section 4.6), answered by the
 * Marketplace's `GET /api/v1/verdict`. Exit 0: the image may run (the reasons on stdout unless
 * --quiet); 1: it may not (the reasons on stderr, ending with "Image isn't valid according to site
 * policy"), or the Marketplace could not answer; 2: the arguments are wrong.
 */
import type { Command } from "commander";
import type { VerdictReply } from "@/lib/entries/api-responses";
import { parseImageChecksum } from "@/lib/entries/verdict";
import { AppError } from "@/lib/errors";
import { isIdentifier } from "@/lib/metadata/identifier";
import { UsageError } from "../cli-error";
import { request } from "../marketplace-client";
import { resolveEndpoint } from "../settings";
import { endpointOption } from "./shared-options";

interface Options {
  marketplaceEndpoint?: string;
  checksum?: string;
  json?: boolean;
}

export function registerCheckImage(program: Command, globals: () => { verbose: number; quiet: boolean }): void {
  endpointOption(
    program
      .command("check-image")
      .description("Ask the Marketplace whether its site policy allows the image to run; exit 0 if it does, 1 if not.")
      .argument("<image-id>", "identifier of the image")
      .option(
        "--checksum <algorithm:hex>",
        "the image's own digest (md5, sha1, sha256 or sha512), e.g. sha512:$(sha512sum image | cut -c1-128)",
      )
      .option("--json", "print the Marketplace's JSON answer on stdout"),
  ).action(async (identifier: string, options: Options) => {
    if (!isIdentifier(identifier))
      throw new UsageError(`${identifier} is not an image identifier (27 characters of A-Z, a-z, 0-9, - and _)`);
    if (options.checksum !== undefined) {
      const parsed = parseImageChecksum(options.checksum);
      if (typeof parsed === "string") throw new UsageError(`--checksum: ${parsed}`);
    }
    const endpoint = resolveEndpoint(options.marketplaceEndpoint);
    const query = new URLSearchParams({ identifier, ...(options.checksum ? { checksum: options.checksum } : {}) });
    const response = await request(endpoint, `${endpoint.url}/api/v1/verdict?${query}`, { headers: { Accept: "application/json" } });
    const text = await response.text();
    if (response.status !== 200) {
      let message = text.trim().slice(0, 2000);
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {
        // not JSON: the text as it is
      }
      throw new AppError(
        response.status >= 500 ? "upstream_failed" : "bad_request",
        `the Marketplace could not check the image (${response.status}): ${message}`,
      );
    }
    const verdict = JSON.parse(text) as VerdictReply;
    if (options.json) process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
    else if (!verdict.allowed) process.stderr.write(verdict.reasons.map((reason) => `${reason}\n`).join(""));
    else if (!globals().quiet) process.stdout.write(verdict.reasons.map((reason) => `${reason}\n`).join(""));
    process.exitCode = verdict.allowed ? 0 : 1;
  });
}
