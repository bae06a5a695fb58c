/** The certificate help is written once; the README shows the same commands and labels. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { CERTIFICATE_HELP, certificateHelpText } from "./certificate-help";

describe("certificate help", () => {
  it("names the trust labels as pages show them", () => {
    expect(CERTIFICATE_HELP.selfSigned.note).toContain('labelled "Self-signed"');
    expect(CERTIFICATE_HELP.caIssued.text).toContain('labelled "Trusted CA"');
    expect(certificateHelpText()).toMatch(/IGTF.*EUGridPMA/);
    expect(certificateHelpText()).toContain(`\n    ${CERTIFICATE_HELP.selfSigned.withCli.command}\n`);
  });

  it("is what the README says", () => {
    const readme = fs.readFileSync(path.join(packageRoot(), "README.md"), "utf8");
    for (const command of CERTIFICATE_HELP.selfSigned.commands) expect(readme).toContain(`\n${command}\n`);
    expect(readme).toContain('labelled "Self-signed"');
    expect(readme).toContain(`\n${CERTIFICATE_HELP.selfSigned.withCli.command}\n`);
  });
});
