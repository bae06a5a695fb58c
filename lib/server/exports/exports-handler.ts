import "server-only";
/**
 * The exports site tools read unchanged (issue 12, item 5), for the whole Marketplace, an endorser
 * (`?email=`) or any listing query (the listing's filters): `/exports/hepix/imagelist.json` (the HEPiX
 * image list as JSON) and `/exports/hepix/image.list` (the same, S/MIME-signed by the service
 * certificate, what vmcatcher and atrope subscribe to); `/exports/simplestreams/streams/v1/index.json`
 * and its products file (`.sjson` clear-signed by GPG_SIGNING_KEY), what sstream-query and
 * sstream-mirror read; `/exports/virt-builder/index` (and `index.asc`), a virt-builder source. Each is made again when the data changes (the
 * data version) and at most once a minute otherwise (an entry's validity may end), then served from a
 * small cache: signing runs openssl, which no request should pay for twice.
 */
import { currentDataVersion, exportEntries, storedDataVersion } from "@/db";
import { AppError } from "@/lib/errors";
import { DEFAULT_LIST_QUERY, listingFilterParams, toListQuery } from "@/lib/entries/list-query";
import { baseUrl } from "@/lib/http/request-info";
import { jsonApiHandler } from "@/lib/http/handlers";
import { NO_STORE_SECURITY } from "./export-headers";
import { parseParams } from "../api/params";
import { hepixImageList, type ListIdentity } from "./hepix-list";
import { serviceIdentity, smimeSign } from "./smime";
import { clearsign } from "./gpg";
import { indexDocument, productsDocument } from "./simplestreams";
import { virtBuilderIndex } from "./virt-builder-index";
import { exportImage } from "./export-images";

export const exportParams = listingFilterParams.strict();

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

const SIMPLESTREAMS_FILES = ["index.json", "index.sjson", "appliances.json", "appliances.sjson"] as const;

export const simplestreamsHandler = jsonApiHandler(async (request: Request, context: { params: Promise<{ file: string }> }) => {
  const file = (await context.params).file;
  if (!(SIMPLESTREAMS_FILES as readonly string[]).includes(file))
    throw new AppError("not_found", `no such Simplestreams file: streams/v1 holds ${SIMPLESTREAMS_FILES.join(", ")}`);
  const url = new URL(request.url);
  const filters = parseParams(exportParams, url.searchParams);
  const signed = file.endsWith(".sjson");
  const body = await cached(`simplestreams|${file}|${url.searchParams.toString()}`, async () => {
    const products = productsDocument(await exportEntries(toListQuery(filters)), new Date());
    const document = file.startsWith("index") ? indexDocument(products, url.searchParams.toString(), signed) : products;
    const text = `${JSON.stringify(document, null, 2)}\n`;
    return signed ? clearsign(text, "Simplestreams files") : text;
  });
  return new Response(body, {
    status: 200,
    headers: { ...NO_STORE_SECURITY, "Content-Type": signed ? "text/plain; charset=utf-8" : "application/json; charset=utf-8" },
  });
});

export const virtBuilderHandler = jsonApiHandler(async (request: Request, context: { params: Promise<{ file: string }> }) => {
  const file = (await context.params).file;
  if (file !== "index" && file !== "index.asc")
    throw new AppError("not_found", "no such file: the virt-builder source is index (or index.asc, signed)");
  const url = new URL(request.url);
  const filters = parseParams(exportParams, url.searchParams);
  const body = await cached(`virt-builder|${file}|${url.searchParams.toString()}`, async () => {
    const index = virtBuilderIndex(await exportEntries(toListQuery(filters)));
    return file === "index.asc" ? clearsign(index, "virt-builder index") : index;
  });
  return new Response(body, { status: 200, headers: { ...NO_STORE_SECURITY, "Content-Type": "text/plain; charset=utf-8" } });
});

/** `file=images/<identifier>` of the index: the current entry's image, where its endorser put it (its SHA-512 is in the index). */
export const virtBuilderImageHandler = jsonApiHandler(async (request: Request, context: { params: Promise<{ identifier: string }> }) => {
  const { identifier } = await context.params;
  parseParams(exportParams.pick({}), new URL(request.url).searchParams);
  const image = (await exportEntries({ ...DEFAULT_LIST_QUERY, identifier })).map(exportImage).find((item) => item?.sha512 !== undefined);
  if (!image) throw new AppError("not_found", `no current image ${identifier.slice(0, 40)} with an http(s) location and a SHA-512`);
  return new Response(null, { status: 302, headers: { ...NO_STORE_SECURITY, Location: image.url } });
});
