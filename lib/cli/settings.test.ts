/** Where the CLI's settings come from: option, environment, config file, then the server's own PUBLIC_URL/PORT. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultP12, resolveEndpoint, setting, useConfigFile } from "./settings";

const KEYS = ["HOME", "STRATUSLAB_MARKETPLACE_ENDPOINT", "STRATUSLAB_P12_CERTIFICATE", "PUBLIC_URL", "PORT"] as const;
let saved: Record<string, string | undefined>;
let home: string;

function writeConfig(text: string, file = path.join(home, ".stratuslab", "stratuslab-user.cfg")): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  for (const key of KEYS) delete process.env[key];
  home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-settings-"));
  process.env.HOME = home;
  useConfigFile(undefined);
});

afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  useConfigFile(undefined);
});

describe("the Marketplace endpoint", () => {
  it("defaults to what npm start serves: PUBLIC_URL, else localhost on PORT, else port 3000", () => {
    expect(resolveEndpoint(undefined)).toEqual({ url: "http://localhost:3000", source: "the default" });
    process.env.PORT = "4123";
    expect(resolveEndpoint(undefined)).toEqual({ url: "http://localhost:4123", source: "the default (http://localhost:$PORT)" });
    process.env.PUBLIC_URL = "https://marketplace.example.org/";
    expect(resolveEndpoint(undefined)).toEqual({ url: "https://marketplace.example.org", source: "the default ($PUBLIC_URL)" });
  });

  it("takes the config file over the default, the environment over the file, the option over all", () => {
    process.env.PORT = "4123";
    const file = writeConfig(
      "# mine\n[default]\nselected_section = work\nmarketplace_endpoint = http://home.example.org\n\n[work]\nmarketplace_endpoint = https://work.example.org/marketplace/\n",
    );
    expect(resolveEndpoint(undefined)).toEqual({ url: "https://work.example.org/marketplace", source: `marketplace_endpoint in ${file}` });
    process.env.STRATUSLAB_MARKETPLACE_ENDPOINT = "http://env.example.org:8080/";
    expect(resolveEndpoint(undefined)).toEqual({ url: "http://env.example.org:8080", source: "$STRATUSLAB_MARKETPLACE_ENDPOINT" });
    expect(resolveEndpoint("http://option.example.org//")).toEqual({ url: "http://option.example.org", source: "--marketplace-endpoint" });
  });

  it("reads [default] when no section is selected, and --config FILE instead of the default file", () => {
    writeConfig("[default]\nmarketplace_endpoint = http://home.example.org\n");
    expect(resolveEndpoint(undefined).url).toBe("http://home.example.org");
    const other = writeConfig("[default]\nMarketplace_Endpoint: http://other.example.org\n", path.join(home, "other.cfg"));
    useConfigFile(other);
    expect(resolveEndpoint(undefined).url).toBe("http://other.example.org");
    useConfigFile(path.join(home, "missing.cfg"));
    expect(() => resolveEndpoint(undefined)).toThrow(`config file not found: ${path.join(home, "missing.cfg")}`);
  });

  it("refuses an endpoint that is not an http(s) URL, saying where it came from", () => {
    process.env.STRATUSLAB_MARKETPLACE_ENDPOINT = "localhost:3000";
    expect(() => resolveEndpoint(undefined)).toThrow(
      "the Marketplace endpoint must be an http:// or https:// URL, not localhost:3000 (from $STRATUSLAB_MARKETPLACE_ENDPOINT)",
    );
    writeConfig("[default]\nmarketplace_endpoint\n");
    delete process.env.STRATUSLAB_MARKETPLACE_ENDPOINT;
    useConfigFile(undefined);
    expect(() => resolveEndpoint(undefined)).toThrow(/line 2: expected "\[section\]" or "key = value"/);
  });
});

describe("other settings", () => {
  it("takes the certificate from the config file, relative to home for ~", () => {
    expect(defaultP12()).toBe(path.join(home, ".globus", "usercert.p12"));
    writeConfig("[default]\np12_certificate = ~/certs/me.p12\nca_dir = /etc/grid-security/certificates\n");
    useConfigFile(undefined); // the file is read once per run; forget the first read
    expect(defaultP12()).toBe(path.join(home, "certs", "me.p12"));
    expect(setting("ca_dir")).toBe("/etc/grid-security/certificates");
  });
});
