/**
 * A Simplestreams mirror description (what sstream-query and sstream-mirror read): `streams/v1/index.json`
 * (`index:1.0`) naming one `products:1.0` file of datatype `image-downloads`. A product is an
 * endorser's series of an OS release on an architecture; its versions are the series' current entries
 * by endorsement date, each with one item, the image at its http(s) location with its signed size,
 * SHA-256 and MD5. Items' paths are absolute URLs: the images live where their endorsers put them.
 */
import { formatMetadataDate } from "@/lib/metadata/dates";
import type { ExportEntry } from "@/db/export-entries";
import { exportImage, type ExportImage } from "./export-images";

export const CONTENT_ID = "org.appliance-marketplace:images";
export const PRODUCTS_PATH = "streams/v1/appliances.json";

/** RFC 2822 date, as Simplestreams writes `updated`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

const token = (value: string | null) =>
  (value ?? "unknown")
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, "-")
    .replace(/^-|-$/g, "") || "unknown";

/** `20260101T000000Z`: the start of a version name, so that names sort as time does. */
const versionName = (date: Date) => formatMetadataDate(date).replace(/[-:]/g, "");

export function productName(entry: ExportEntry): string {
  return `${CONTENT_ID}:${token(entry.email)}:${token(entry.os)}:${token(entry.osVersion)}:${token(entry.arch)}`;
}

type Listable = ExportImage & { sha256: string };

function listable(entries: ExportEntry[]): Listable[] {
  return entries
    .map(exportImage)
    .filter((item): item is Listable => item?.sha256 !== undefined && Number.isSafeInteger(Number(item.bytes)));
}

export function productsDocument(entries: ExportEntry[], now: Date) {
  const products: Record<string, { arch: string; os: string; release: string; endorser: string; versions: Record<string, unknown> }> = {};
  for (const item of listable(entries)) {
    const { entry } = item;
    const name = productName(entry);
    const product = (products[name] ??= {
      arch: entry.arch ?? "unknown",
      os: token(entry.os),
      release: entry.osVersion ?? "unknown",
      endorser: entry.email,
      versions: {},
    });
    const md5 = entry.checksums
      .find((checksum) => checksum.algorithm.toUpperCase() === "MD5")
      ?.value.toLowerCase()
      .padStart(32, "0");
    // Two images of one series may share an endorsement date: the identifier keeps their versions apart.
    product.versions[`${versionName(entry.created)}-${entry.identifier}`] = {
      label: entry.title ?? entry.identifier,
      identifier: entry.identifier,
      items: {
        disk: {
          ftype: (entry.format ?? "img").toLowerCase(),
          path: item.url,
          size: Number(item.bytes),
          sha256: item.sha256,
          ...(md5 ? { md5 } : {}),
        },
      },
    };
  }
  return { content_id: CONTENT_ID, datatype: "image-downloads", format: "products:1.0", updated: rfc2822(now), products };
}

export function indexDocument(products: ReturnType<typeof productsDocument>, query: string, signed: boolean) {
  return {
    format: "index:1.0",
    updated: products.updated,
    index: {
      [CONTENT_ID]: {
        datatype: "image-downloads",
        format: "products:1.0",
        path: `${signed ? PRODUCTS_PATH.replace(/\.json$/, ".sjson") : PRODUCTS_PATH}${query ? `?${query}` : ""}`,
        updated: products.updated,
        products: Object.keys(products.products).sort(),
      },
    },
  };
}
