/**
 * The page a browser without JavaScript gets after posting the upload form to `/metadata`: the same
 * header, colours and result panel as the upload page (components/upload/upload-result-panel.tsx), as
 * one self-contained document. A route handler writes it, so no stylesheet of the build is at hand:
 * the styles are inline (STATUS_PAGE_CSP allows inline styles only, and no script). Every text is
 * escaped; problems and titles come from the uploaded document.
 */
import { STATUS_CODES } from "node:http";
import { escapeXml } from "@/lib/http/escape";
import type { Problem } from "@/lib/metadata/problems";
import type { TrustLabel } from "@/lib/metadata/pki/trust";
import { describeTrustLabel } from "@/lib/metadata/pki/trust-policy";

export interface UploadResultPage {
  /** The HTTP status: its reason phrase is the page's title and h1, as on the original's status pages. */
  status: number;
  tone: "success" | "info" | "failure";
  heading: string;
  message: string;
  title?: string;
  trust?: TrustLabel;
  /** The entry's page, relative. */
  entryPath?: string;
  problems?: Problem[];
  warnings?: Problem[];
  /** A button that POSTs to `action` (the confirm / abort / abuse pages): serve with FORM_PAGE_CSP. */
  form?: { action: string; label: string };
  /** The h1 and title instead of the status's reason phrase (pages that are not an upload's result). */
  pageTitle?: string;
}

/** STATUS_PAGE_CSP, but the page's own form may post to this site. */
export const FORM_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const TONES = {
  success: {
    border: "#a7f3d0",
    background: "#ecfdf5",
    text: "#064e3b",
    darkBorder: "#065f46",
    darkBackground: "#022c22",
    darkText: "#a7f3d0",
  },
  info: {
    border: "#bae6fd",
    background: "#f0f9ff",
    text: "#0c4a6e",
    darkBorder: "#075985",
    darkBackground: "#082f49",
    darkText: "#bae6fd",
  },
  failure: {
    border: "#fecaca",
    background: "#fef2f2",
    text: "#7f1d1d",
    darkBorder: "#991b1b",
    darkBackground: "#450a0a",
    darkText: "#fecaca",
  },
} as const;

function style(tone: UploadResultPage["tone"]): string {
  const t = TONES[tone];
  return `
*{box-sizing:border-box}
body{margin:0;font-family:ui-sans-serif,system-ui,sans-serif;background:#f8fafc;color:#0f172a;line-height:1.5;-webkit-font-smoothing:antialiased}
a{color:#4338ca;text-underline-offset:2px}
header{border-bottom:1px solid #e2e8f0;background:#fff}
.bar{max-width:80rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1.5rem}
.brand{display:flex;align-items:center;gap:.5rem;color:#0f172a;font-weight:600;text-decoration:none}
nav a{display:inline-block;padding:.375rem .75rem;border-radius:.375rem;color:#334155;font-size:.875rem;font-weight:500;text-decoration:none}
nav a:hover{background:#f1f5f9}
main{max-width:48rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.5rem;margin:0 0 1rem;letter-spacing:-.01em}
.panel{border:1px solid ${t.border};background:${t.background};color:${t.text};border-radius:.5rem;padding:1rem;font-size:.875rem;overflow-wrap:anywhere}
.panel h2{font-size:1rem;margin:0 0 .25rem}
.panel p{margin:.25rem 0}
.panel ul{margin:.5rem 0 0;padding-left:1.25rem;color:#0f172a}
.panel li{margin:.25rem 0}
.panel code{font-size:.8em;color:#475569}
.next{margin-top:1.5rem;font-size:.875rem}
form{margin-top:1rem}
button{font:inherit;font-weight:600;font-size:.875rem;padding:.5rem 1rem;border-radius:.375rem;border:0;background:#4f46e5;color:#fff;cursor:pointer}
button:hover{background:#4338ca}
button:focus-visible{outline:2px solid #4338ca;outline-offset:2px}
@media (prefers-color-scheme:dark){
body{background:#020617;color:#e2e8f0}
header{background:#0f172a;border-color:#1e293b}
.brand{color:#f1f5f9}
nav a{color:#cbd5e1}
nav a:hover{background:#1e293b}
a{color:#a5b4fc}
.panel{border-color:${t.darkBorder};background:${t.darkBackground};color:${t.darkText}}
.panel ul{color:#e2e8f0}
.panel code{color:#94a3b8}
}`;
}

function problemList(problems: Problem[]): string {
  return `<ul>${problems.map((p) => `<li>${escapeXml(p.message)}${p.element ? ` <code>${escapeXml(p.element)}</code>` : ""}</li>`).join("")}</ul>`;
}

export function uploadResultPage(page: UploadResultPage): string {
  const problems = page.problems ?? [];
  const warnings = page.warnings ?? [];
  const details = [
    page.title ? `<p>Title: <strong>${escapeXml(page.title)}</strong></p>` : "",
    page.trust ? `<p>Signing certificate: <strong>${escapeXml(describeTrustLabel(page.trust))}</strong></p>` : "",
    page.entryPath ? `<p><a href="${escapeXml(page.entryPath)}">Open the entry</a></p>` : "",
    problems.length > 0
      ? `<p><strong>${problems.length === 1 ? "1 problem" : `${problems.length} problems`} to fix:</strong></p>${problemList(problems)}`
      : "",
    warnings.length > 0 ? `<p><strong>Warnings (accepted, but worth fixing):</strong></p>${problemList(warnings)}` : "",
    page.form
      ? `<form method="post" action="${escapeXml(page.form.action)}"><button type="submit">${escapeXml(page.form.label)}</button></form>`
      : "",
  ].join("");
  const reason = escapeXml(page.pageTitle ?? STATUS_CODES[page.status] ?? "Upload");
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${reason} · Appliance Marketplace</title><style>${style(page.tone)}</style></head><body>
<header><div class="bar"><a class="brand" href="/metadata"><img src="/icon.svg" width="32" height="32" alt="">Appliance Marketplace</a><nav aria-label="Main"><a href="/metadata">Appliances</a><a href="/endorsers">Endorsers</a><a href="/upload">Upload</a></nav></div></header>
<main><h1>${reason}</h1><div class="panel" role="status"><h2>${escapeXml(page.heading)}</h2><p>${escapeXml(page.message)}</p>${details}</div>
<p class="next">${page.pageTitle ? "" : `<a href="/upload">Upload another file</a> · `}<a href="/metadata">Back to the appliances</a></p></main></body></html>`;
}
