import "server-only";
/**
 * The exports site tools read unchanged (issue 12, item 5), for the whole Marketplace, an endorser
 * (`?email=`) or any listing query (the listing's filters): `/exports/hepix/imagelist.json` (the HEPiX
 * image list as JSON) and `/exports/hepix/image.list` (the same, S/MIME-signed by the service
 * certificate, what vmcatcher and atrope subscribe to). Each is made again when the data changes (the
 * data version) and at most once a minute otherwise (an entry's validity may end), then served from a
 * small cache: signing runs openssl, which no request should pay for twice.
 */
import { currentDataVersion, exportEntries, storedDataVersion } from "@/db";
import { AppError } from "@/lib/errors";
import { listParamsSchema, toListQuery } from "@/lib/entries/list-query";
import { baseUrl } from "@/lib/http/request-info";
import { jsonApiHandler } from "@/lib/http/handlers";
import { NO_STORE_SECURITY } from "./export-headers";
import { parseParams } from "../api/params";
import { hepixImageList, type ListIdentity } from "./hepix-list";
import { serviceIdentity, smimeSign } from "./smime";

export const exportParams = listParamsSchema
  .pick({
    location: true,
    identifier: true,
    email: true,
    tag: true,
    q: true,
    os: true,
    osVersion: true,
    arch: true,
    kind: true,
    integrity: true,
  })
  .strict();

const FILES = ["imagelist.json", "image.list"] as const;
type ExportFile = (typeof FILES)[number];

const CACHE_SIZE = 100;
const cache = new Map<string, { version: number; minute: number; body: string }>();

async function cached(key: string, make: () => Promise<string>): Promise<string> {
  const version = await currentDataVersion();
  const minute = Math.floor(Date.now() / 60_000);
  const hit = cache.get(key);
  if (hit && hit.version === version && hit.minute === minute) return hit.body;
  const body = await make();
  cache.delete(key);
  cache.set(key, { version, minute, body });
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return body;
}

const MARKETPLACE: ListIdentity = {
  name: "Appliance Marketplace",
  subject: "CN=Appliance Marketplace",
  issuer: "CN=Appliance Marketplace",
};

async function imageListJson(request: Request, filters: ReturnType<typeof exportParams.parse>): Promise<string> {
  const url = new URL(request.url);
  const base = baseUrl(request);
  const entries = await exportEntries(toListQuery(filters));
  // A list of one endorser is that endorser's; any other is the site's, signed by its service certificate.
  const subjects = new Set(entries.map((entry) => `${entry.endorserSubject}\n${entry.endorserIssuer}`));
  const own = filters.email !== undefined && subjects.size === 1 ? entries[0] : undefined;
  const endorser: ListIdentity = own
    ? { name: own.endorserName, subject: own.endorserSubject, issuer: own.endorserIssuer, email: own.email }
    : (serviceIdentity() ?? MARKETPLACE);
  const query = url.searchParams.toString();
  const list = hepixImageList(entries, {
    base,
    listUrl: `${base}exports/hepix/image.list${query ? `?${query}` : ""}`,
    title: filters.email ? `Appliances endorsed by ${filters.email}` : "Appliance Marketplace",
    description: `The current appliances of the Appliance Marketplace at ${base}${query ? ` matching ${query}` : ""}, as a HEPiX image list`,
    endorser,
    version: await storedDataVersion(),
    now: new Date(),
  });
  return `${JSON.stringify(list, null, 2)}\n`;
}

export const exportHandler = jsonApiHandler(async (request: Request, context: { params: Promise<{ file: string }> }) => {
  const file = (await context.params).file;
  if (!(FILES as readonly string[]).includes(file))
    throw new AppError("not_found", `no export ${file}: the HEPiX exports are ${FILES.join(" and ")}`);
  const url = new URL(request.url);
  const filters = parseParams(exportParams, url.searchParams);
  const key = `${file}|${baseUrl(request)}|${url.searchParams.toString()}`;
  if ((file as ExportFile) === "imagelist.json") {
    const body = await cached(key, () => imageListJson(request, filters));
    return new Response(body, { status: 200, headers: { ...NO_STORE_SECURITY, "Content-Type": "application/json; charset=utf-8" } });
  }
  const body = await cached(key, async () => smimeSign(await imageListJson(request, filters)));
  return new Response(body, {
    status: 200,
    headers: { ...NO_STORE_SECURITY, "Content-Type": "application/pkcs7-mime; smime-type=signed-data" },
  });
});
