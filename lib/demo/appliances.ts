/**
 * The demo appliances a new Marketplace shows on its first start (DEMO_DATA=on, embedded database):
 * realistic entries over several OSes, endorsers and states. Every one is marked as a demo: the
 * endorsers are at demo.example.org and every description starts with "Demo entry".
 */
export type DemoEndorser = "alice" | "bob" | "carol";

export interface DemoAppliance {
  endorser: DemoEndorser;
  title: string;
  os: string;
  osVersion: string;
  osArch: string;
  kind: "machine" | "disk";
  format: "raw" | "qcow2";
  compression: "" | "gz" | "xz";
  location: string;
  description: string;
  version: string;
  tag?: string;
  /** Days from now to the endorsement date (negative: in the past). */
  endorsedDaysAgo: number;
  /** Validity from the endorsement, in days; an expired entry has an endorsement older than this. */
  validDays: number;
  /** A later entry of the same endorser deprecates this image with this reason. */
  deprecatedBecause?: string;
  /** Also endorsed by these endorsers (the same image, independent entries). */
  alsoEndorsedBy?: DemoEndorser[];
  /** Size of the uncompressed image in GiB. */
  sizeGiB: number;
}

const DEMO = "Demo entry (created on the first start of this Marketplace; not a real image).";

export const DEMO_APPLIANCES: DemoAppliance[] = [
  {
    endorser: "alice",
    title: "Ubuntu 24.04 LTS server",
    os: "Ubuntu",
    osVersion: "24.04",
    osArch: "x86_64",
    kind: "machine",
    format: "qcow2",
    compression: "",
    location: "https://images.demo.example.org/ubuntu/24.04/ubuntu-24.04-server-amd64.qcow2",
    version: "1.2",
    tag: "ubuntu-lts",
    description: `${DEMO} Minimal Ubuntu server with cloud-init and the StratusLab contextualization agent; SSH key login only.`,
    endorsedDaysAgo: 12,
    validDays: 180,
    alsoEndorsedBy: ["bob"],
    sizeGiB: 2.2,
  },
  {
    endorser: "alice",
    title: "Debian 12 bookworm minimal",
    os: "Debian",
    osVersion: "12",
    osArch: "x86_64",
    kind: "machine",
    format: "raw",
    compression: "gz",
    location: "https://images.demo.example.org/debian/12/debian-12-minimal-amd64.img.gz",
    version: "3.0",
    description: `${DEMO} Debian stable with unattended security upgrades, chrony and the contextualization agent.`,
    endorsedDaysAgo: 30,
    validDays: 180,
    sizeGiB: 1.5,
  },
  {
    endorser: "bob",
    title: "AlmaLinux 9.4 base",
    os: "AlmaLinux",
    osVersion: "9.4",
    osArch: "x86_64",
    kind: "machine",
    format: "qcow2",
    compression: "xz",
    location: "https://mirror.demo.example.org/alma/9.4/almalinux-9.4-base.qcow2.xz",
    version: "9.4.1",
    tag: "el9-base",
    description: `${DEMO} RHEL-compatible base image for grid worker nodes, SELinux enforcing.`,
    endorsedDaysAgo: 5,
    validDays: 365,
    sizeGiB: 3,
  },
  {
    endorser: "bob",
    title: "Fedora 41 Cloud",
    os: "Fedora",
    osVersion: "41",
    osArch: "aarch64",
    kind: "machine",
    format: "qcow2",
    compression: "",
    location: "https://mirror.demo.example.org/fedora/41/Fedora-Cloud-41.aarch64.qcow2",
    version: "41.1",
    description: `${DEMO} Fedora Cloud Base for ARM64 hosts.`,
    endorsedDaysAgo: 2,
    validDays: 120,
    sizeGiB: 4,
  },
  {
    endorser: "carol",
    title: "CentOS 7.9 legacy",
    os: "CentOS",
    osVersion: "7.9",
    osArch: "x86_64",
    kind: "machine",
    format: "raw",
    compression: "gz",
    location: "https://legacy.demo.example.org/centos/7.9/centos-7.9-x86_64.img.gz",
    version: "7.9.2009",
    description: `${DEMO} End-of-life CentOS kept for old workflows; its endorsement has expired.`,
    endorsedDaysAgo: 400,
    validDays: 180,
    sizeGiB: 8,
  },
  {
    endorser: "alice",
    title: "Scientific Linux 6.5",
    os: "ScientificLinux",
    osVersion: "6.5",
    osArch: "x86_64",
    kind: "machine",
    format: "raw",
    compression: "gz",
    location: "https://legacy.demo.example.org/sl/6.5/sl-6.5-x86_64.img.gz",
    version: "6.5.3",
    description: `${DEMO} The classic StratusLab base image.`,
    endorsedDaysAgo: 60,
    validDays: 365,
    deprecatedBecause: "Scientific Linux 6 is end-of-life: use AlmaLinux 9",
    sizeGiB: 10,
  },
  {
    endorser: "carol",
    title: "ttylinux 9.7",
    os: "ttylinux",
    osVersion: "9.7",
    osArch: "i486",
    kind: "machine",
    format: "raw",
    compression: "",
    location: "pdisk:marketplace.demo.example.org:8445:6f1e2d4c-9a7b-4c3e-8d2f-1b0a9e8c7d6f",
    version: "1.0",
    description: `${DEMO} A 32-bit ttylinux for quick tests, stored in a persistent disk service.`,
    endorsedDaysAgo: 20,
    validDays: 240,
    sizeGiB: 0.1,
  },
  {
    endorser: "bob",
    title: "Empty 20 GiB ext4 data disk",
    os: "",
    osVersion: "",
    osArch: "",
    kind: "disk",
    format: "qcow2",
    compression: "",
    location: "https://images.demo.example.org/disks/ext4-20g.qcow2",
    version: "1.0",
    description: `${DEMO} A formatted data disk to attach to any machine.`,
    endorsedDaysAgo: 40,
    validDays: 365,
    sizeGiB: 20,
  },
];

export const DEMO_ENDORSERS: Record<DemoEndorser, { subject: string; email: string; selfSigned: boolean }> = {
  alice: {
    subject: "CN=Alice Martin (demo),OU=Image Team,O=Demo Cloud Lab,C=FR",
    email: "alice.martin@demo.example.org",
    selfSigned: false,
  },
  bob: {
    subject: "CN=Bob Okafor (demo),OU=Grid Operations,O=Demo Cloud Lab,C=FR",
    email: "bob.okafor@demo.example.org",
    selfSigned: false,
  },
  carol: {
    subject: "CN=Carol Schmidt (demo),O=Independent Demo Publisher,C=DE",
    email: "carol.schmidt@demo.example.org",
    selfSigned: true,
  },
};

export const DEMO_CA_SUBJECT = "CN=Demo Cloud Lab CA (demo),O=Demo Cloud Lab,C=FR";
