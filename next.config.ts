import type { NextConfig } from "next";
import "./lib/env";
import { BASE_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships WASM and a file-system bundle that must not be bundled (electric-sql/pglite#204).
  serverExternalPackages: ["@electric-sql/pglite", "rdfxml-streaming-parser", "xml-crypto", "pkijs", "@peculiar/x509"],
  // The original answers /metadata and /metadata/ alike; proxy.ts normalises instead of redirecting.
  skipTrailingSlashRedirect: true,
  // The proxy sees the request as sent (with the RSC header of client navigations), not normalised.
  skipProxyUrlNormalize: true,
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(BASE_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
