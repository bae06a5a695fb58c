import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { baseUrlFrom } from "@/lib/http/request-info";
import { commandLine, GUIDE_COMMANDS, type GuideCommand } from "@/components/guide/guide-content";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { CommandBlock } from "@/components/upload/command-block";

export const metadata: Metadata = { title: "Guide: customized images" };
export const dynamic = "force-dynamic";

const SECTIONS = [
  ["contextualization", "1. Contextualization: how a machine learns who it is"],
  ["make", "2. Make an image"],
  ["describe", "3. Describe an image you already have"],
  ["certificate", "4. Get a certificate"],
  ["sign", "5. Sign, check and upload the metadata"],
  ["download", "6. Download an entry's XML"],
] as const;

function Section({ id, children }: { id: (typeof SECTIONS)[number][0]; children: ReactNode }) {
  const title = SECTIONS.find(([key]) => key === id)![1];
  return (
    <Card
      as="section"
      aria-labelledby={`guide-${id}`}
      className="min-w-0 space-y-3 p-5 text-sm leading-relaxed text-slate-700 dark:text-slate-300"
    >
      <h2 id={`guide-${id}`} className="text-lg font-semibold text-slate-900 dark:text-slate-100">
        {title}
      </h2>
      {children}
    </Card>
  );
}

/**
 * `/guide`: the "customized images" tutorial for this Marketplace, in the order a new author needs
 * it. Every command comes from components/guide/guide-content.ts, which a test runs in full.
 */
export default async function GuidePage() {
  const endpoint = baseUrlFrom(await headers(), `http://localhost:${env.PORT}`).replace(/\/$/, "");
  const show = (command: GuideCommand) => (
    <CommandBlock
      label={command.where === "machine" ? "Inside the machine" : "On your computer"}
      command={commandLine(command, endpoint)}
    />
  );
  const code = (text: string) => <code className="font-mono text-slate-900 dark:text-slate-100">{text}</code>;
  const c = GUIDE_COMMANDS;
  return (
    <>
      <PageHeader title="Customized images">
        From an idea to a signed appliance others can find and trust: contextualization, building, describing, signing, publishing.
      </PageHeader>
      <nav aria-label="On this page" className="mb-6">
        <ol className="flex flex-wrap gap-2 text-sm">
          {SECTIONS.map(([id, title]) => (
            <li key={id}>
              <a href={`#guide-${id}`} className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                {title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <div className="max-w-3xl space-y-6">
        <Section id="contextualization">
          <p>
            An appliance is one image that starts many different machines. What makes each one itself (its host name, the SSH key of its
            user, a script to run first) is handed to it at boot by the cloud: that is contextualization. StratusLab clouds attach a small
            CD-ROM labelled {code("_STRATUSLAB")} holding {code("context.sh")}, lines of {code("KEY=value")}; clouds that speak cloud-init
            attach a {code("cidata")} seed instead. Images built here read either, or both.
          </p>
          <p>To try it, make the disk a cloud would attach (it is made by this Marketplace, so log in first, step 2):</p>
          {show(c.contextDisk)}
          <p>Inside a running machine, find the disk by its label, mount it (at the device blkid printed) and read the context:</p>
          {show(c.findDisk)}
          {show(c.mountDisk)}
          {show(c.readContext)}
        </Section>
        <Section id="make">
          <p>
            The simplest way is the{" "}
            <Link href="/create" className="text-indigo-700 underline dark:text-indigo-300">
              wizard
            </Link>
            : choose a base, add packages and scripts, and the Marketplace builds the image, boot-tests it and fills in its metadata. From
            the command line, log in once (it stores an API token), then build; {code("setup.sh")} is a script of yours, run as root inside
            the image:
          </p>
          {show(c.login)}
          {show(c.createImage)}
          <p>
            It follows the build to its end, then downloads the image and its skeletal metadata into the current directory. Put the image
            where clouds can download it (or keep the Marketplace&apos;s own address of it), then sign the metadata (step 5).
          </p>
        </Section>
        <Section id="describe">
          <p>
            For an image made elsewhere, {code("build-metadata")} reads it (gzip, bzip2 and xz are uncompressed on the way), computes its
            size, its four checksums and its identifier, and writes the skeletal metadata with the fields you give. The location is
            required: the address clouds download the image from.
          </p>
          {show(c.buildMetadata)}
        </Section>
        <Section id="certificate">
          <p>
            Metadata is signed with an X.509 certificate and its key, kept in a password-protected PKCS#12 file at{" "}
            {code("~/.globus/usercert.p12")}. To start, make a self-signed one (it asks for the password):
          </p>
          {show(c.createCertificate)}
          <p>
            Entries signed with it show as self-signed. A certificate from a CA this Marketplace trusts (a grid CA, or your
            organisation&apos;s) goes in the same place; the{" "}
            <Link href="/upload" className="text-indigo-700 underline dark:text-indigo-300">
              upload page
            </Link>{" "}
            says which CAs are trusted here.
          </p>
        </Section>
        <Section id="sign">
          <p>Sign the metadata (it asks for the PKCS#12 password), check it as the Marketplace will, and upload it:</p>
          {show(c.signMetadata)}
          {show(c.validateMetadata)}
          {show(c.uploadMetadata)}
          <p>
            Or drop the signed file on the{" "}
            <Link href="/upload" className="text-indigo-700 underline dark:text-indigo-300">
              upload page
            </Link>
            , or sign in the browser at the wizard&apos;s last step: your key never leaves the page.
          </p>
        </Section>
        <Section id="download">
          <p>
            Every entry&apos;s signed XML is at its address, the one its page shows: the identifier, the endorser&apos;s email and the
            endorsement date. Anyone can check its signature with {code("marketplace validate-metadata")}.
          </p>
          {show(c.downloadEntry)}
        </Section>
      </div>
    </>
  );
}
