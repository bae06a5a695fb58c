import "server-only";
/**
 * The page a mailed link lands on when it does not work (404 unknown, 410 used or expired): a
 * self-contained HTML page, with the site's colours (light and dark) and no script, answered with
 * the real status code (a Next page can only say 404).
 */
import { escapeXml } from "@/lib/http/escape";
import { htmlResponse } from "@/lib/http/responses";

export function linkProblemResponse(status: number, title: string, message: string, action: { href: string; label: string }): Response {
  const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(title)} · Appliance Marketplace</title><style>
:root{color-scheme:light dark}
body{margin:0;font-family:ui-sans-serif,system-ui,sans-serif;background:#f8fafc;color:#0f172a}
header{background:#fff;border-bottom:1px solid #e2e8f0;padding:.75rem 1.5rem;font-weight:600}
header a{color:inherit;text-decoration:none}
main{max-width:36rem;margin:0 auto;padding:4rem 1rem;text-align:center}
.status{color:#4338ca;font-size:.875rem;font-weight:600;margin:0}
h1{font-size:1.875rem;letter-spacing:-.025em;margin:.5rem 0 0}
p.text{color:#475569;line-height:1.5;margin-top:.75rem}
a.button{display:inline-block;margin-top:1.5rem;background:#4f46e5;color:#fff;border-radius:.375rem;padding:.5rem 1rem;font-size:.875rem;font-weight:600;text-decoration:none}
a.button:focus-visible{outline:2px solid #4f46e5;outline-offset:2px}
@media (prefers-color-scheme:dark){body{background:#020617;color:#f1f5f9}header{background:#0f172a;border-color:#334155}.status{color:#a5b4fc}p.text{color:#94a3b8}}
</style></head><body><header><a href="/metadata">Appliance Marketplace</a></header><main><p class="status">${status}</p><h1>${escapeXml(title)}</h1><p class="text">${escapeXml(message)}</p><a class="button" href="${escapeXml(action.href)}">${escapeXml(action.label)}</a></main></body></html>`;
  return htmlResponse(status, page, { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
}
