import Link from "next/link";
import { textLinkClass } from "@/components/ui/text-link";

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900">
      <div className="mx-auto flex max-w-7xl flex-col gap-2 px-4 py-6 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between sm:px-6 dark:text-slate-400">
        <p>Signed metadata of virtual-machine appliances. Compatible with the StratusLab Marketplace and its tools.</p>
        {/* A plain <a>: the description is a JSON document, not a page for Next to route to. */}
        <p>
          JSON API:{" "}
          <a href="/api/v1/openapi.json" className={textLinkClass()}>
            OpenAPI description
          </a>
          {" · "}
          <Link href="/replica" prefetch={false} className={textLinkClass()}>
            Replication
          </Link>
        </p>
      </div>
    </footer>
  );
}
