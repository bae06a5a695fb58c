/**
 * How to get a signing certificate, written once for every place that explains it: the CLI when no
 * certificate is found (lib/cli/credentials.ts), the README, and the upload page. Plain data, so a page
 * can lay it out (the commands as code blocks) and the CLI can print it as text.
 */
import { describeTrustLabel } from "./trust-policy";

/** As pages show them: "Self-signed", "Trusted CA" (the trust badge capitalises describeTrustLabel). */
const shown = (label: "self-signed" | "trusted") => describeTrustLabel(label).replace(/^./, (c) => c.toUpperCase());
const SELF_SIGNED = shown("self-signed");

export const CERTIFICATE_HELP = {
  purpose:
    "Entries are signed with an X.509 certificate and its private key: the signature proves the entry was not changed, and the certificate names who endorses the image (its name is shown as the endorser, its email address is the endorser's email). sign-metadata reads a PKCS#12 file (~/.globus/usercert.p12 by default) or a PEM key and certificate (--key, --cert).",
  selfSigned: {
    title: "A self-signed certificate, to start now",
    intro: "Make one with openssl (put your own name and email address; the last command asks for a password to protect the file):",
    commands: [
      'openssl req -x509 -newkey rsa:3072 -sha256 -days 365 -nodes -keyout userkey.pem -out usercert.pem -subj "/CN=Your Name" -addext "subjectAltName=email:you@example.org"',
      "mkdir -p ~/.globus",
      "openssl pkcs12 -export -inkey userkey.pem -in usercert.pem -out ~/.globus/usercert.p12",
      "chmod 600 userkey.pem ~/.globus/usercert.p12",
    ],
    /** The same in one step, with the CLI (lib/cli/commands/create-certificate.ts). */
    withCli: {
      intro: "Or let the marketplace command make one (RSA 3072, one year, written to ~/.globus/usercert.p12 with a password it asks for):",
      command: 'marketplace create-certificate --email you@example.org --name "Your Name"',
    },
    note: `Entries signed with it are labelled "${SELF_SIGNED}": nobody vouches for the name in it. Keep the file: the Marketplace remembers the key that first published for your email, and an entry for that email signed with another key waits until the email confirms it (unless it comes from a trusted CA, or you upload it signed in as the email's verified owner).`,
  },
  caIssued: {
    title: "A certificate from a certification authority",
    text: `For entries that sites trust, ask for a personal certificate from a CA accredited by the IGTF (in Europe a EUGridPMA member, usually your country's research and education network or grid CA), through your institution's registration authority. Export it with its private key from your browser or the CA's portal as a PKCS#12 file to ~/.globus/usercert.p12; entries signed with it are labelled "${shown("trusted")}" where the Marketplace trusts that CA.`,
  },
} as const;

/** The same help as plain text, for terminals and logs. */
export function certificateHelpText(): string {
  const { purpose, selfSigned, caIssued } = CERTIFICATE_HELP;
  return [
    purpose,
    "",
    `${selfSigned.title}: ${selfSigned.intro}`,
    ...selfSigned.commands.map((command) => `    ${command}`),
    selfSigned.withCli.intro,
    `    ${selfSigned.withCli.command}`,
    selfSigned.note,
    "",
    `${caIssued.title}: ${caIssued.text}`,
  ].join("\n");
}
