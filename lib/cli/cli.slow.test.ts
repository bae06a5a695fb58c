/**
 * The `marketplace` command end to end: the bundled CLI run as a user runs it, against real files and
 * a stand-in server speaking the original protocol on 127.0.0.1. In the slow tier (`npm run test:slow`):
 * each test starts the CLI in a new Node process, some 40 in all, which alone takes longer than the
 * rest of the unit tier.
 */
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_SIGNATURE, inspectMetadata } from "@/lib/metadata/inspect";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { MISSING_LOCATION_WARNING } from "@/lib/metadata/location";
import { CERTIFICATE_HELP, certificateHelpText } from "@/lib/metadata/pki/certificate-help";
import { toPkcs12 } from "@/lib/metadata/pki/testing/test-pki";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { fixturePath } from "@/lib/metadata/__tests__/fixtures";
import { UNSIGNED_ENTRY, testSigners, type TestSigners } from "@/lib/metadata/__tests__/signing-helpers";
import { startFakeMarketplace, type FakeMarketplace } from "@/lib/testing/fake-marketplace";

const run = promisify(execFile);
const CLI = path.join(packageRoot(), "bin", "marketplace.mjs");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function marketplace(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? work,
      env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: work, ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let work: string;
let signers: TestSigners;
let server: FakeMarketplace;
let p12: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cli-"));
  signers = await testSigners();
  p12 = path.join(work, "jane.p12");
  fs.writeFileSync(p12, toPkcs12(signers.jane, "XYZXYZ"));
  fs.writeFileSync(path.join(work, "jane.key"), signers.jane.keyPem);
  fs.writeFileSync(path.join(work, "jane.pem"), signers.jane.certPem);
  server = await startFakeMarketplace();
});

afterAll(() => server.close());

describe("marketplace build-metadata", () => {
  it.each(["", "gz", "bz2", "xz"])("describes the uncompressed image of a %s file", async (compression) => {
    const raw = path.join(work, `image-${compression || "raw"}.img`);
    fs.writeFileSync(raw, Buffer.alloc(3 * 1024 * 1024 + 7, compression.length + 1));
    const sha1 = execFileSync("sha1sum", [raw], { encoding: "utf8" }).split(" ")[0] as string;
    let image = raw;
    if (compression) {
      execFileSync({ gz: "gzip", bz2: "bzip2", xz: "xz" }[compression] as string, ["-k", "-f", raw]);
      image = `${raw}.${compression}`;
    }
    const result = await marketplace([
      "build-metadata",
      image,
      "--os",
      "Ubuntu",
      "--os-version",
      "24.04",
      "--os-arch",
      "x86_64",
      "--image-version",
      "1.0",
      "--location",
      "https://images.example.org/ubuntu.img",
      "--title",
      "Ubuntu <LTS> & co",
      "--comment",
      "test image",
    ]);
    expect(result.stderr).not.toContain("--location");
    expect(result.stderr).not.toContain("PLACEHOLDER");
    expect(result.code).toBe(0);
    const output = path.join(work, "Ubuntu-24.04-x86_64-base-1.0.xml");
    expect(result.stdout.trim()).toBe(output);
    const xml = fs.readFileSync(output, "utf8");
    expect(xml).toContain(`<dcterms:identifier>${sha1ToIdentifier(sha1)}</dcterms:identifier>`);
    expect(xml).toContain(`<slreq:bytes>${3 * 1024 * 1024 + 7}</slreq:bytes>`);
    expect(xml).toContain(`<slreq:value>${sha1}</slreq:value>`);
    expect(xml).toContain(`<dcterms:compression>${compression}</dcterms:compression>`);
    expect(xml).toContain("<dcterms:title>Ubuntu &lt;LTS&gt; &amp; co</dcterms:title>");
    const draft = await inspectMetadata(xml, { requireSignature: false });
    expect(draft.problems).toEqual([]);
    expect(draft.warnings).toEqual([]);
  });

  it.each([
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,x",
    "ftp://ftp.example.org/image.img",
    "http:///image.img",
    "images/image.img",
  ])("refuses --location %s with one line and writes nothing", async (location) => {
    const image = path.join(work, "refused-location.img");
    fs.writeFileSync(image, Buffer.alloc(1024, 7));
    const output = path.join(work, "refused-location.xml");
    const result = await marketplace([
      "build-metadata",
      image,
      "--location",
      "https://images.example.org/ok.img",
      "--location",
      location,
      "-o",
      output,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(`marketplace: --location "${location}" is not allowed: `)).toBe(true);
    expect(result.stderr).toContain("http://, https:// or pdisk:");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(fs.existsSync(output)).toBe(false);
  });

  it("without --location writes a marked placeholder and names the element and the option; honours --output and --no-md5", async () => {
    const image = path.join(work, "small.img");
    fs.writeFileSync(image, "hello");
    const result = await marketplace(["build-metadata", image, "--no-md5", "-o", path.join(work, "small.xml")]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `warning: no --location given, so ${path.join(work, "small.xml")} does not say where to download the image.`,
    );
    expect(result.stderr).toContain("<slterms:location>https://…/your-image.img</slterms:location>");
    expect(result.stderr).toContain('"PLACEHOLDER slterms:location" comment');
    expect(result.stderr).toContain("build again with --location URL");
    const xml = fs.readFileSync(path.join(work, "small.xml"), "utf8");
    expect(xml).toMatch(/\n {8}<!-- PLACEHOLDER slterms:location: no download URL was given\.[^]*-->\n/);
    // Left as it is, the draft is valid without a location, with a warning naming the element.
    const draft = await inspectMetadata(xml, { requireSignature: false });
    expect(draft.problems).toEqual([]);
    expect(draft.entry?.locations).toEqual([]);
    expect(draft.warnings.map((w) => [w.code, w.message.split(":")[0]])).toEqual([["schema.location", "no slterms"]]);
    expect(xml).not.toContain("<slreq:algorithm>MD5</slreq:algorithm>");
    expect(xml).toContain("<slreq:algorithm>SHA-512</slreq:algorithm>");
  });

  it("resolves paths against the working directory and writes the draft next to the image", async () => {
    const dir = fs.mkdtempSync(path.join(work, "images-"));
    fs.writeFileSync(path.join(dir, "disk.img"), "disk");
    const result = await marketplace(
      ["build-metadata", path.join(path.basename(dir), "disk.img"), "--os", "Debian", "--location", "https://images.example.org/disk.img"],
      { cwd: work },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${path.join(dir, "Debian---base-.xml")}\n`);
    expect(fs.existsSync(path.join(dir, "Debian---base-.xml"))).toBe(true);
    const signed = await marketplace(
      ["sign-metadata", path.join(path.basename(dir), "Debian---base-.xml"), "--p12-cert", "jane.p12", "--p12-password", "XYZXYZ"],
      { cwd: work },
    );
    expect(signed.stdout).toBe(`Metadata file successfully signed: ${path.join(dir, "Debian---base-.xml")}\n`);
    expect(fs.readdirSync(dir).sort()).toEqual(["Debian---base-.xml", "Debian---base-.xml.orig", "disk.img"]);
  });

  it("refuses a missing image in one line, without a stack trace", async () => {
    const result = await marketplace(["build-metadata", "/nonexistent/image.img"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("marketplace: image file not found: /nonexistent/image.img\n");
  });
});

describe("marketplace sign-metadata and validate-metadata", () => {
  it("signs with a PKCS#12 file from the environment, keeps the original, and the result validates", async () => {
    const file = path.join(work, "entry.xml");
    fs.writeFileSync(file, UNSIGNED_ENTRY);
    const signed = await marketplace(["sign-metadata", file], {
      env: { STRATUSLAB_P12_CERTIFICATE: p12, STRATUSLAB_P12_PASSWORD: "XYZXYZ" },
    });
    expect(signed.stderr).toBe("");
    expect(signed.stdout).toBe(`Metadata file successfully signed: ${file}\n`);
    expect(fs.readFileSync(`${file}.orig`, "utf8")).toBe(UNSIGNED_ENTRY);
    expect(fs.readFileSync(file, "utf8")).toContain("xml-exc-c14n");
    const valid = await marketplace(["validate-metadata", file]);
    expect(valid).toEqual({ code: 0, stdout: `Valid: ${file}\n`, stderr: "" });
  });

  it("signs with a PEM key and certificate in the legacy profile", async () => {
    const input = path.join(work, "entry-pem.xml");
    const output = path.join(work, "entry-pem-signed.xml");
    fs.writeFileSync(input, UNSIGNED_ENTRY);
    const result = await marketplace([
      "sign-metadata",
      input,
      "--key",
      path.join(work, "jane.key"),
      "--cert",
      path.join(work, "jane.pem"),
      "--profile",
      "legacy",
      "-o",
      output,
    ]);
    expect(result.code).toBe(0);
    expect(fs.existsSync(`${input}.orig`)).toBe(false);
    expect(fs.readFileSync(output, "utf8")).toContain("xmldsig#rsa-sha1");
    expect((await marketplace(["validate-metadata", output])).code).toBe(0);
  });

  it("without a certificate says what one is for and how to make or get one", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-home-"));
    const file = path.join(work, "entry-no-cert.xml");
    fs.writeFileSync(file, UNSIGNED_ENTRY);
    const result = await marketplace(["sign-metadata", file], { env: { HOME: home } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `marketplace: certificate file not found: ${path.join(home, ".globus", "usercert.p12")}\n\n${certificateHelpText()}\n`,
    );
    expect(result.stderr).toContain("openssl pkcs12 -export");
    expect(result.stderr).toContain('labelled "Self-signed"');
    expect(result.stderr).toMatch(/IGTF.*EUGridPMA/);
    expect(fs.readFileSync(file, "utf8")).toBe(UNSIGNED_ENTRY);
  });

  it("signs with a certificate made by the help's own openssl commands, labelled self-signed", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-home-"));
    // The commands exactly as printed, run in a shell (they use ~ and quotes); only the export password is given.
    for (const command of CERTIFICATE_HELP.selfSigned.commands) {
      const line = command.startsWith("openssl pkcs12") ? `${command} -passout pass:s3cret` : command;
      execFileSync("sh", ["-c", line], { cwd: home, env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: home }, stdio: "pipe" });
    }
    const file = path.join(home, "entry.xml");
    fs.writeFileSync(file, UNSIGNED_ENTRY);
    const signed = await marketplace(["sign-metadata", file, "--p12-password", "s3cret"], { env: { HOME: home }, cwd: home });
    expect(signed.stderr).toBe("");
    const inspection = await inspectMetadata(fs.readFileSync(file));
    expect(inspection.problems).toEqual([]);
    expect(inspection.trust?.label).toBe("self-signed");
    expect(inspection.entry?.endorsement.endorser?.email).toBe("you@example.org");
  });

  it("shows the signer's name decoded, not as the RFC 2253 OID=#hex the format keeps", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-home-"));
    // The common openssl recipe, with the email in the subject.
    const run = (args: string[]) => execFileSync("openssl", args, { cwd: home, stdio: "pipe" });
    run([
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "30",
      "-keyout",
      "key.pem",
      "-out",
      "cert.pem",
      "-subj",
      "/CN=New Comer/emailAddress=newcomer@example.net",
    ]);
    run(["pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-out", "cert.p12", "-passout", "pass:s3cret"]);
    const file = path.join(home, "entry.xml");
    fs.writeFileSync(file, UNSIGNED_ENTRY);
    const signed = await marketplace(
      ["sign-metadata", file, "--p12-cert", "cert.p12", "--p12-password", "s3cret", "--email", "newcomer@example.net"],
      { env: { HOME: home }, cwd: home },
    );
    expect(signed.stderr).toBe("");
    expect(signed.code).toBe(0);
    const validated = await marketplace(["-v", "validate-metadata", file], { env: { HOME: home }, cwd: home });
    expect(validated.stdout).toContain("signed by emailAddress=newcomer@example.net, CN=New Comer");
    expect(validated.stdout).not.toContain("1.2.840.113549.1.9.1");
  });

  it("reports a wrong PKCS#12 password in the original words", async () => {
    const file = path.join(work, "entry-wrong.xml");
    fs.writeFileSync(file, UNSIGNED_ENTRY);
    const result = await marketplace(["sign-metadata", file, "--p12-cert", p12, "--p12-password", "wrong"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("marketplace: error loading certificate (wrong password?)\n");
    expect(fs.readFileSync(file, "utf8")).toBe(UNSIGNED_ENTRY);
  });

  it("exits with the number of invalid files and prints each problem", async () => {
    const files = ["marketplace/valid-indate-signature.xml", "marketplace/valid.xml", "metadata/invalid-bad-xml-base.xml"].map(fixturePath);
    const result = await marketplace(["validate-metadata", ...files]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(`Valid: ${files[0]}\n  warning: ${MISSING_LOCATION_WARNING}\n`);
    expect(result.stderr).toContain(`Invalid: ${files[1]}\n${NO_SIGNATURE}\n`);
    expect(result.stderr).toContain(
      `Invalid: ${files[2]}\n${NO_SIGNATURE}\nroot element must have xml:base attribute with value http://mp.stratuslab.eu/\n`,
    );
    const drafts = await marketplace(["validate-metadata", "--allow-unsigned", files[1] as string]);
    expect(drafts.code).toBe(0);
    const unreadable = await marketplace(["validate-metadata", path.join(work, "missing.xml")]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain(`Cannot read ${path.join(work, "missing.xml")}: ENOENT`);
  });
});

describe("marketplace upload-metadata and deprecate-metadata", () => {
  it("uploads the exact bytes with the original protocol and prints the entry URL", async () => {
    const file = fixturePath("marketplace/valid-indate-signature.xml");
    const result = await marketplace(["upload-metadata", file], { env: { STRATUSLAB_MARKETPLACE_ENDPOINT: `${server.url}/` } });
    // This reference entry has no location: accepted, with the warning.
    expect(result.stderr).toBe(`warning: ${MISSING_LOCATION_WARNING}\n`);
    expect(result.stdout).toBe(`${server.url}/metadata/BEE8-MMAw-Lk_IgsEExAy3d9R8h/jane.tester@example.org/2014-03-08T14:10:40Z\n`);
    const upload = server.uploads.at(-1);
    expect(upload?.contentType).toBe("application/xml");
    expect(upload?.accept).toBe("application/xml");
    expect(upload?.authorization).toBeUndefined();
    expect(upload?.body.equals(fs.readFileSync(file))).toBe(true);
  });

  it("sends the API token as Bearer: --token before $MARKETPLACE_TOKEN before the stored one", async () => {
    const file = fixturePath("marketplace/valid-indate-signature.xml");
    const config = path.join(work, "xdg");
    fs.mkdirSync(path.join(config, "marketplace"), { recursive: true });
    fs.writeFileSync(path.join(config, "marketplace", "credentials"), JSON.stringify({ [server.url]: "mkt_stored" }));
    const env = { XDG_CONFIG_HOME: config };
    const upload = (args: string[], extra: Record<string, string> = {}) =>
      marketplace(["upload-metadata", file, "--marketplace-endpoint", server.url, ...args], { env: { ...env, ...extra } });
    expect((await upload([])).code).toBe(0);
    expect(server.uploads.at(-1)?.authorization).toBe("Bearer mkt_stored");
    expect((await upload([], { MARKETPLACE_TOKEN: "mkt_env" })).code).toBe(0);
    expect(server.uploads.at(-1)?.authorization).toBe("Bearer mkt_env");
    expect((await upload(["--token", "mkt_option"], { MARKETPLACE_TOKEN: "mkt_env" })).code).toBe(0);
    expect(server.uploads.at(-1)?.authorization).toBe("Bearer mkt_option");
  });

  it("explains a refused token in plain words: what happened and to run marketplace login", async () => {
    const file = fixturePath("marketplace/valid-indate-signature.xml");
    server.failWith = { status: 401, message: "this API token was revoked" };
    try {
      const result = await marketplace(["upload-metadata", file, "--marketplace-endpoint", server.url, "--token", "mkt_old"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `marketplace: Failed to upload: the Marketplace refused (401): this API token was revoked\n` +
          `  the token from --token no longer works: run \`marketplace login --marketplace-endpoint ${server.url}\` for a new one, or fix --token\n`,
      );
      const anonymous = await marketplace(["upload-metadata", file, "--marketplace-endpoint", server.url]);
      expect(anonymous.stderr).toContain(`log in first: \`marketplace login --marketplace-endpoint ${server.url}\``);
    } finally {
      server.failWith = undefined;
    }
  });

  it("reports the server's <error> text", async () => {
    server.failWith = { status: 400, message: "invalid metadata: older than latest entry" };
    try {
      const result = await marketplace([
        "upload-metadata",
        fixturePath("marketplace/valid-indate-older-signature.xml"),
        "--marketplace-endpoint",
        server.url,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe("marketplace: Failed to upload: 400 Bad Request: invalid metadata: older than latest entry\n");
    } finally {
      server.failWith = undefined;
    }
  });

  it("does not upload an invalid file", async () => {
    const before = server.uploads.length;
    const result = await marketplace(["upload-metadata", fixturePath("marketplace/valid.xml"), "--marketplace-endpoint", server.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("not uploaded, the file is invalid: no signature");
    expect(server.uploads.length).toBe(before);
  });

  it("says clearly when the Marketplace cannot be reached", async () => {
    const closed = await closedPort();
    const result = await marketplace([
      "upload-metadata",
      fixturePath("marketplace/valid-indate-signature.xml"),
      "--marketplace-endpoint",
      `http://127.0.0.1:${closed}`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`marketplace: cannot reach http://127.0.0.1:${closed}: ECONNREFUSED\n`);
  });

  it("when the default endpoint cannot be reached, says where it came from and how to choose another", async () => {
    const closed = await closedPort();
    const result = await marketplace(["upload-metadata", fixturePath("marketplace/valid-indate-signature.xml")], {
      env: { PORT: String(closed) },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`marketplace: cannot reach http://localhost:${closed}: ECONNREFUSED\n`);
    expect(result.stderr).toContain(`http://localhost:${closed} is taken from the default (http://localhost:$PORT). Start the Marketplace`);
    expect(result.stderr).toContain("--marketplace-endpoint URL, $STRATUSLAB_MARKETPLACE_ENDPOINT");
    expect(result.stderr).toContain(
      `"marketplace_endpoint = URL" in the [default] section of ${path.join(work, ".stratuslab", "stratuslab-user.cfg")}`,
    );
  });

  it("takes the endpoint from the user's config file", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-home-"));
    fs.mkdirSync(path.join(home, ".stratuslab"));
    fs.writeFileSync(path.join(home, ".stratuslab", "stratuslab-user.cfg"), `[default]\nmarketplace_endpoint = ${server.url}/\n`);
    const result = await marketplace(["upload-metadata", fixturePath("marketplace/valid-indate-signature.xml")], { env: { HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${server.url}/metadata/BEE8-MMAw-Lk_IgsEExAy3d9R8h/jane.tester@example.org/2014-03-08T14:10:40Z\n`);
  });

  it("deprecates the latest entry: fetches it, marks it, signs and uploads a newer one", async () => {
    const entry = path.join(work, "to-deprecate.xml");
    fs.writeFileSync(entry, UNSIGNED_ENTRY);
    const credentials = ["--p12-cert", p12, "--p12-password", "XYZXYZ"];
    expect((await marketplace(["sign-metadata", entry, ...credentials])).code).toBe(0);
    expect((await marketplace(["upload-metadata", entry, "--marketplace-endpoint", server.url])).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // endorsement dates have one-second resolution
    const result = await marketplace(
      [
        "deprecate-metadata",
        "MMZu9WvwKIro-rtBQfDk4PsKO7_",
        "--email",
        "jane.tester@example.org",
        "--reason",
        "CVE-2026-0001",
        ...credentials,
        "--marketplace-endpoint",
        server.url,
      ],
      { env: { MARKETPLACE_TOKEN: "mkt_deprecate" } },
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(
      new RegExp(
        `^${server.url}/metadata/MMZu9WvwKIro-rtBQfDk4PsKO7_/jane.tester@example.org/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\n$`,
      ),
    );
    const inspection = await inspectMetadata(server.uploads.at(-1)!.body);
    expect(inspection.problems).toEqual([]);
    expect(inspection.entry?.deprecated).toBe("CVE-2026-0001");
    expect(inspection.entry?.title).toBe("Original title");
    expect(server.uploads.at(-1)?.authorization).toBe("Bearer mkt_deprecate");
  });

  it("requires --email for deprecation", async () => {
    const result = await marketplace(["deprecate-metadata", "MMZu9WvwKIro-rtBQfDk4PsKO7_", "--marketplace-endpoint", server.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("marketplace: --email is required: the endorser whose entry is deprecated\n");
  });
});
