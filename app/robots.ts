import type { MetadataRoute } from "next";

/** Crawlers may read the pages; the API (JSON, downloads) and the upload form are for tools and people. */
export default function robots(): MetadataRoute.Robots {
  return { rules: { userAgent: "*", allow: "/", disallow: ["/api/", "/upload"] } };
}
