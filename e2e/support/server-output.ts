/**
 * A spec that starts its own Marketplace keeps the server's log with each failed test: it says why a
 * page failed (a 503 from a busy lane, a database refusal, a sign-in error) where the browser cannot.
 */
import { test } from "@playwright/test";
import type { MarketplaceServer } from "../http/marketplace-server";

/** Registers, for the calling spec, an afterEach that attaches `server()`'s output to a failed test. */
export function keepServerOutputOnFailure(server: () => MarketplaceServer | undefined): void {
  test.afterEach(async ({}, testInfo) => {
    const running = server();
    if (running && testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach("server output", { body: running.output(), contentType: "text/plain" });
    }
  });
}
