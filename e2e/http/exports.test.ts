/**
 * The HEPiX image list (issue 12, item 5) through a production server on the run's database: the JSON
 * holds every field atrope requires of a list and of an image (atrope/image_list/hepix.py and
 * atrope/image.py), lists only what a site tool can check (an uncompressed image at an http(s) URL with
 * a SHA-512), per endorser with that endorser's DN, or for any listing query; `image.list` is S/MIME
 * signed by the service certificate and verifies with `openssl smime -verify` against the service CA
 * (and not against another CA), giving the list back; a new upload is in the next list; without a
 * service certificate there is no signed list; bad parameters are a 400. The Simplestreams files hold
 * to the products:1.0 format (Debian packages no sstream-query: a schema of the format here) and their
 * .sjson verifies with gpg; the virt-builder index passes virt-index-validate and virt-builder --list
 * reads it from the server, index.asc with its signature checked against the site's key.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { identifierOf } from "@/db/testing/signed-entries";
import { createTestCa, createTestLeaf } from "@/lib/metadata/pki/testing/test-pki";
import { request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument, testSigners } from "./signed-documents";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "exports-"));
const JANE = "jane.tester@example.org";
const BOB = "bob.builder@example.org";
let server: MarketplaceServer;
let unsigned: MarketplaceServer;
let fingerprint = "";

const checksum = (algorithm: "SHA-512" | "SHA-256", image: string) =>
  `<slreq:checksum rdf:parseType="Resource"><slreq:algorithm>${algorithm}</slreq:algorithm><slreq:value>${createHash(
    algorithm === "SHA-512" ? "sha512" : "sha256",
  )
    .update(image)
    .digest("hex")}</slreq:value></slreq:checksum>`;

/**
 * An entry whose SHA-512 and SHA-256 are signed too (the test entries carry a SHA-1 only), a raw image;
 * `compressed` adds dcterms:compression. Each element goes where the format's order puts it.
 */
const withSha512 =
  (image: string, compressed = false) =>
  (draft: string) =>
    draft
      .replace("<slreq:endorsement", `${checksum("SHA-512", image)}${checksum("SHA-256", image)}<slreq:endorsement`)
      .replace("<slterms:location>", `${compressed ? "<dcterms:compression>gz</dcterms:compression>" : ""}<slterms:location>`)
      .replace(/(<\/slterms:location>)(?![\s\S]*<\/slterms:location>)/, "$1<dcterms:format>raw</dcterms:format>");

const ATROPE_LIST_FIELDS = [
  "dc:date:created",
  "dc:date:expires",
  "hv:endorser",
  "dc:identifier",
  "dc:description",
  "dc:title",
  "hv:images",
  "dc:source",
  "hv:version",
  "hv:uri",
];
const ATROPE_IMAGE_FIELDS = [
  "ad:group",
  "ad:mpuri",
  "ad:user:fullname",
  "ad:user:guid",
  "ad:user:uri",
  "dc:description",
  "dc:identifier",
  "dc:title",
  "hv:hypervisor",
  "hv:format",
  "hv:size",
  "hv:uri",
  "hv:version",
  "sl:arch",
  "sl:checksum:sha512",
  "sl:comments",
  "sl:os",
  "sl:osname",
  "sl:osversion",
];

type ImageList = {
  "hv:imagelist": Record<string, unknown> & {
    "hv:images": Array<{ "hv:image": Record<string, unknown> }>;
    "hv:endorser": { "hv:x509": Record<string, string> };
  };
};

beforeAll(async () => {
  const { ca } = await testSigners();
  const service = await createTestLeaf({ issuer: ca, subject: "CN=marketplace.example.net, O=Testing, C=EU", email: "ops@example.net" });
  fs.writeFileSync(path.join(dir, "ca.pem"), ca.certPem);
  fs.writeFileSync(path.join(dir, "service.pem"), service.certPem);
  fs.writeFileSync(path.join(dir, "service.key"), service.keyPem, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, "other-ca.pem"), (await createTestCa({ subject: "CN=Other CA, C=EU" })).certPem);
  const documents = await Promise.all([
    signedDocument({ image: "listed", created: "2026-01-01T00:00:00Z", title: "Listed image", transform: withSha512("listed") }),
    signedDocument({ image: "bobs", created: "2026-01-01T00:00:00Z", email: BOB, transform: withSha512("bobs") }),
    signedDocument({ image: "sha1 only", created: "2026-01-01T00:00:00Z" }),
    signedDocument({
      image: "compressed",
      created: "2026-01-01T00:00:00Z",
      transform: withSha512("compressed", true),
    }),
  ]);
  // The site's OpenPGP key, made as an operator would, and its public half in a keyring of the consumers' own.
  const gpgHome = path.join(dir, "gpg");
  fs.mkdirSync(gpgHome, { mode: 0o700 });
  const gpg = (...args: string[]) =>
    execFileSync("gpg", ["--batch", "--homedir", gpgHome, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  gpg("--passphrase", "", "--quick-gen-key", "Marketplace Test <mp@example.net>", "rsa2048", "sign", "never");
  fs.writeFileSync(path.join(dir, "gpg-secret.asc"), gpg("--armor", "--export-secret-keys"), { mode: 0o600 });
  fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg("--with-colons", "--list-keys"))![1]!;
  [server, unsigned] = await Promise.all([
    startMarketplace({
      HEPIX_SIGNER_CERT: path.join(dir, "service.pem"),
      HEPIX_SIGNER_KEY: path.join(dir, "service.key"),
      GPG_SIGNING_KEY: path.join(dir, "gpg-secret.asc"),
    }),
    startMarketplace(),
  ]);
  for (const xml of documents) expect((await uploadXml(server.url, xml)).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), unsigned?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function json(query = ""): Promise<ImageList> {
  const reply = await request(`${server.url}/exports/hepix/imagelist.json${query}`);
  expect(reply.status).toBe(200);
  expect(reply.headers.get("content-type")).toBe("application/json; charset=utf-8");
  return JSON.parse(reply.text) as ImageList;
}

function verify(file: string, ca: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync("openssl", ["smime", "-verify", "-in", file, "-CAfile", path.join(dir, ca)], { encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("the HEPiX image list", () => {
  it("has every field atrope requires, and lists only images a site tool can check", async () => {
    const list = (await json())["hv:imagelist"];
    for (const field of ATROPE_LIST_FIELDS) expect(list, field).toHaveProperty([field]);
    const images = list["hv:images"].map((item) => item["hv:image"]);
    const listedIds = images.map((image) => /identifier (\S+),/.exec(String(image["sl:comments"]))?.[1]).sort();
    expect(listedIds).toEqual([identifierOf("listed"), identifierOf("bobs")].sort());
    for (const image of images) for (const field of ATROPE_IMAGE_FIELDS) expect(image[field], field).not.toBeUndefined();
    const listed = images.find((image) => image["dc:title"] === "Listed image")!;
    expect(listed).toMatchObject({
      "hv:uri": `https://images.example.org/${identifierOf("listed")}.img.gz`,
      "hv:size": 1048576,
      "sl:checksum:sha512": createHash("sha512").update("listed").digest("hex"),
      "ad:user:guid": JANE,
      "dc:identifier": expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    });
    expect(new Date(String(list["dc:date:expires"])).getTime()).toBeGreaterThan(Date.now());
    // The site's list is endorsed by its service certificate.
    expect(list["hv:endorser"]["hv:x509"]).toEqual({
      "dc:creator": "marketplace.example.net",
      "hv:dn": "/C=EU/O=Testing/CN=marketplace.example.net",
      "hv:ca": expect.stringMatching(/^\/C=EU\/.*CN=/),
      "hv:email": "ops@example.net",
    });
  });

  it("per endorser, lists the endorser's images under the endorser's own DN; any listing filter applies", async () => {
    const list = (await json(`?email=${JANE}`))["hv:imagelist"];
    expect(list["hv:images"].map((item) => item["hv:image"]["dc:title"])).toEqual(["Listed image"]);
    expect(list["hv:endorser"]["hv:x509"]).toMatchObject({
      "dc:creator": "Jane Tester",
      "hv:dn": "/C=EU/O=StratusLab Project/OU=Testing Department/CN=Jane Tester",
      "hv:email": JANE,
    });
    expect(list["hv:uri"]).toBe(`${server.url}/exports/hepix/image.list?email=${encodeURIComponent(JANE)}`);
    expect((await json(`?q=nothing-matches-this`))["hv:imagelist"]["hv:images"]).toEqual([]);
  });

  it("is S/MIME-signed by the service certificate: openssl smime -verify against the service CA gives the list back", async () => {
    const reply = await request(`${server.url}/exports/hepix/image.list`);
    expect(reply.status).toBe(200);
    const file = path.join(dir, "image.list");
    fs.writeFileSync(file, reply.bytes);
    const good = verify(file, "ca.pem");
    expect(good.stderr).toContain("Verification successful");
    expect(good.status).toBe(0);
    const signed = JSON.parse(good.stdout) as ImageList;
    expect(signed["hv:imagelist"]["hv:images"]).toEqual((await json())["hv:imagelist"]["hv:images"]);
    const other = verify(file, "other-ca.pem");
    expect(other.status).not.toBe(0);
    expect(other.stderr).toMatch(/unable to get local issuer certificate|certificate verify error/);
  });

  it("is made again when the entries change", async () => {
    const xml = await signedDocument({
      image: "newer",
      created: "2026-01-01T00:00:00Z",
      title: "Newer image",
      transform: withSha512("newer"),
    });
    expect((await uploadXml(server.url, xml)).status).toBe(201);
    const reply = await request(`${server.url}/exports/hepix/image.list`);
    const file = path.join(dir, "image-2.list");
    fs.writeFileSync(file, reply.bytes);
    const titles = (JSON.parse(verify(file, "ca.pem").stdout) as ImageList)["hv:imagelist"]["hv:images"].map(
      (item) => item["hv:image"]["dc:title"],
    );
    expect(titles).toContain("Newer image");
  });

  it("has no signed list without a service certificate, and refuses what it does not know", async () => {
    const none = await request(`${unsigned.url}/exports/hepix/image.list`, { headers: { Accept: "application/json" } });
    expect(none.status).toBe(404);
    expect(none.text).toContain("no service certificate is configured (HEPIX_SIGNER_CERT, HEPIX_SIGNER_KEY)");
    expect((await request(`${unsigned.url}/exports/hepix/imagelist.json`)).status).toBe(200);
    const bad = await request(`${server.url}/exports/hepix/imagelist.json?pageSize=5`, { headers: { Accept: "application/json" } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("unknown parameter pageSize");
    expect((await request(`${server.url}/exports/hepix/other.list`, { headers: { Accept: "application/json" } })).status).toBe(404);
  });
});

describe("the Simplestreams files", () => {
  const productsSchema = z.strictObject({
    content_id: z.literal("org.appliance-marketplace:images"),
    datatype: z.literal("image-downloads"),
    format: z.literal("products:1.0"),
    updated: z.string().regex(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/),
    products: z.record(
      z.string().regex(/^[\w.:-]+$/),
      z.strictObject({
        arch: z.string(),
        os: z.string(),
        release: z.string(),
        endorser: z.string(),
        versions: z.record(
          z.string().regex(/^\d{8}T\d{6}Z-[\w-]{27}$/),
          z.strictObject({
            label: z.string(),
            identifier: z.string(),
            items: z.record(
              z.string(),
              z.strictObject({
                ftype: z.string(),
                path: z.url(),
                size: z.number().int(),
                sha256: z.string().regex(/^[0-9a-f]{64}$/),
                md5: z.string().optional(),
              }),
            ),
          }),
        ),
      }),
    ),
  });

  it("hold an index:1.0 naming a products:1.0 file whose items are the checkable images, with their size and SHA-256", async () => {
    const index = JSON.parse((await request(`${server.url}/exports/simplestreams/streams/v1/index.json`)).text) as {
      format: string;
      index: Record<string, { path: string; format: string; datatype: string; products: string[] }>;
    };
    expect(index.format).toBe("index:1.0");
    const stream = index.index["org.appliance-marketplace:images"]!;
    expect(stream).toMatchObject({ format: "products:1.0", datatype: "image-downloads", path: "streams/v1/appliances.json" });
    // sstream-query resolves a path against the mirror's root, here /exports/simplestreams/.
    const products = productsSchema.parse(JSON.parse((await request(`${server.url}/exports/simplestreams/${stream.path}`)).text));
    expect(Object.keys(products.products).sort()).toEqual(stream.products);
    const items = Object.values(products.products).flatMap((product) =>
      Object.values(product.versions).flatMap((version) => Object.values(version.items)),
    );
    expect(items.map((item) => item.sha256).sort()).toEqual(
      ["listed", "bobs", "newer"].map((image) => createHash("sha256").update(image).digest("hex")).sort(),
    );
    const filtered = JSON.parse(
      (await request(`${server.url}/exports/simplestreams/streams/v1/index.json?email=${BOB}`)).text,
    ) as typeof index;
    expect(filtered.index["org.appliance-marketplace:images"]!.path).toBe(`streams/v1/appliances.json?email=${encodeURIComponent(BOB)}`);
    expect(filtered.index["org.appliance-marketplace:images"]!.products).toEqual([expect.stringContaining("bob.builder")]);
  });

  it("are clear-signed as .sjson by the site's OpenPGP key", async () => {
    const signed = await request(`${server.url}/exports/simplestreams/streams/v1/index.sjson`);
    expect(signed.text).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----/);
    const file = path.join(dir, "index.sjson");
    fs.writeFileSync(file, signed.bytes);
    const checked = spawnSync("gpg", ["--batch", "--homedir", path.join(dir, "gpg"), "--status-fd", "1", "--decrypt", file], {
      encoding: "utf8",
    });
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain(`VALIDSIG ${fingerprint}`);
    expect(JSON.parse(checked.stdout.replace(/^\[GNUPG:\].*$/gm, "")).index["org.appliance-marketplace:images"].path).toBe(
      "streams/v1/appliances.sjson",
    );
    const none = await request(`${unsigned.url}/exports/simplestreams/streams/v1/index.sjson`, { headers: { Accept: "application/json" } });
    expect(none.status).toBe(404);
    expect(none.text).toContain("no OpenPGP key is configured (GPG_SIGNING_KEY)");
  });
});

describe("the virt-builder source", () => {
  const home = path.join(dir, "virt-builder-home");
  const virtBuilder = (...args: string[]) =>
    spawnSync("virt-builder", args, {
      encoding: "utf8",
      env: {
        ...process.env,
        HOME: home,
        XDG_CACHE_HOME: path.join(home, "cache"),
        XDG_CONFIG_HOME: path.join(home, "config"),
        VIRT_BUILDER_DIRS: path.join(home, "no-system-sources"),
        GNUPGHOME: path.join(dir, "gpg"),
        LIBGUESTFS_BACKEND: "direct",
      },
      timeout: 60_000,
    });

  it("is an index virt-index-validate accepts, and virt-builder --list reads from this server", async () => {
    fs.mkdirSync(home, { recursive: true });
    const index = await request(`${server.url}/exports/virt-builder/index`);
    expect(index.status).toBe(200);
    const file = path.join(dir, "index");
    fs.writeFileSync(file, index.bytes);
    const valid = spawnSync("virt-index-validate", [file], { encoding: "utf8" });
    expect(valid.stderr).toBe("");
    expect(valid.status).toBe(0);
    const listed = virtBuilder("--list", "--no-check-signature", "--source", `${server.url}/exports/virt-builder/index`);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(
        `ubuntu-24\\.04-${identifierOf("listed")
          .toLowerCase()
          .replace(/[^a-z0-9._-]/g, "-")}\\s+x86_64\\s+Listed image`,
      ),
    );
    // Only raw images: the compressed one and the one without a SHA-512 are not there.
    expect(listed.stdout.trim().split("\n")).toHaveLength(3);
  });

  it("is signed as index.asc, which virt-builder checks against the site's key", async () => {
    const signed = await request(`${server.url}/exports/virt-builder/index.asc`);
    const file = path.join(dir, "index.asc");
    fs.writeFileSync(file, signed.bytes);
    expect(spawnSync("virt-index-validate", [file], { encoding: "utf8" }).status).toBe(0);
    const listed = virtBuilder("--list", "--source", `${server.url}/exports/virt-builder/index.asc`, "--fingerprint", fingerprint);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("Listed image");
  });

  it("sends a template's download to the entry's location", async () => {
    const reply = await request(`${server.url}/exports/virt-builder/images/${identifierOf("listed")}`);
    expect(reply.status).toBe(302);
    expect(reply.headers.get("location")).toBe(`https://images.example.org/${identifierOf("listed")}.img.gz`);
    expect((await request(`${server.url}/exports/virt-builder/images/${identifierOf("sha1 only")}`)).status).toBe(404);
  });
});
