import type { ApiIndex } from "@/lib/entries/api-responses";

/** The answer of `/api/v1`: a starting point that names every resource, with absolute links. */
export function apiIndex(origin: string): ApiIndex {
  const link = (path: string, title: string) => ({ href: `${origin}${path}`, title });
  return {
    name: "Appliance Marketplace API",
    version: "1",
    description: "Signed metadata of virtual-machine appliances. The OpenAPI document describes every resource and parameter.",
    links: {
      self: link("/api/v1", "this index"),
      openapi: link("/api/v1/openapi.json", "OpenAPI 3.1 description of this API"),
      entries: link("/api/v1/entries", "list entries (GET, with filters and paging) or upload one (POST; ?dryRun=true only validates)"),
      entry: link("/api/v1/entries/{identifier}/{email}/{created}", "one entry; /xml and /rdf-json for its documents"),
      endorsers: link("/api/v1/endorsers", "every endorser"),
      endorserHistory: link(
        "/api/v1/endorsers/{email}/history",
        "an endorser's entries (?range=30, 60, ... or all; ?days= is its older name)",
      ),
      endorserTags: link("/api/v1/endorsers/{email}/tags", "an endorser's tags"),
      facets: link("/api/v1/facets", "values for the filter menus"),
      health: link("/api/health", "liveness and database check"),
      replicationFeed: link(
        "/api/v1/replication/entries",
        "every stored entry with its signed bytes, after a cursor (?after=SEQ): what replicas follow",
      ),
      replica: link("/api/v1/replica", "a replica's masters and the entries it refused, with the reasons"),
      original: link("/metadata", "the StratusLab protocol (/metadata, /endorsers, /tag), unchanged"),
      // With an account (Authorization: Bearer <token>, or a session); each says 401 without one.
      entryHidden: link(
        "/api/v1/entries/{identifier}/{email}/{created}/hidden",
        "hide (PUT, with a reason) or show (DELETE) an entry: moderators",
      ),
      entryRevision: link(
        "/api/v1/entries/{identifier}/{email}/{created}/revision",
        "the unsigned deprecation or extension of an entry to sign (POST): its endorser",
      ),
      entryIntegrity: link(
        "/api/v1/entries/{identifier}/{email}/{created}/integrity",
        "check the entry's image at its web locations again now (POST): its endorser or a moderator",
      ),
      subscriptions: link(
        "/api/v1/subscriptions",
        "your subscriptions to listings (GET), or a new one by email or webhook (POST); /{id} (DELETE), /{id}/deliveries",
      ),
      tokens: link("/api/v1/tokens", "your API tokens (GET), or a new one (POST, with email and password or a token)"),
      token: link("/api/v1/tokens/{id}", "revoke one of your tokens (DELETE)"),
      pending: link("/api/v1/pending", "your uploads waiting for their endorser email's confirmation"),
      users: link("/api/v1/users", "every account: admins"),
      user: link("/api/v1/users/{id}", "change an account's role (PATCH): admins"),
      audit: link("/api/v1/audit", "the audit log (?format=csv): admins"),
      builds: link("/api/v1/builds", "your image builds (GET), or a new one from a recipe (POST)"),
      build: link("/api/v1/builds/{id}", "one build; /events, /cancel, /retry, /metadata.xml and /artifacts/{name} below it"),
      disks: link("/api/v1/disks", "upload a disk to build from (POST: VDI, VMDK, OVA, qcow2 or raw)"),
      contextDisks: link("/api/v1/context-disks", "a _STRATUSLAB or cidata contextualization ISO (POST)"),
      verdict: link("/api/v1/verdict?identifier={identifier}", "may this image run here? the site policy's answer"),
    },
  };
}
