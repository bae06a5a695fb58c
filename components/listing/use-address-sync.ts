"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

const STATE_KEY = "listingUrl";

/**
 * Keeps the address bar and the listing in agreement. Changes are written with replaceState (no
 * server round trip) and tagged in history.state. Going back to a tagged entry makes Next.js render
 * its cached tree, which still holds the query the page was first rendered with; the tag tells that
 * case apart from an address typed by hand, and a refresh renders the address's own query.
 */
export function useAddressSync(url: string, renderedUrl: string): void {
  const router = useRouter();
  const mounted = useRef(false);

  useEffect(() => {
    const here = `${window.location.pathname}${window.location.search}`;
    if (!mounted.current) {
      mounted.current = true;
      const written = (window.history.state as Record<string, unknown> | null)?.[STATE_KEY];
      if (written === here && here !== renderedUrl) {
        router.refresh();
        return;
      }
      if (url === renderedUrl) return;
    }
    if (url !== here) window.history.replaceState({ [STATE_KEY]: url }, "", url);
  }, [url, renderedUrl, router]);
}
