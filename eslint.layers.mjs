/**
 * The layers (ARCHITECTURE.md) as import rules. Each folder's rule lists what it must not import, by
 * the `@/` alias and by relative path. A file matches one layer only: ESLint replaces, not merges, the
 * options of a rule set twice for the same file.
 */
const alias = (...dirs) => dirs.flatMap((dir) => [`@/${dir}`, `@/${dir}/*`]);
const relative = (...dirs) => `^(\\.\\./)+(${dirs.map((dir) => dir.replace("/", "\\/")).join("|")})(\\/|$)`;

function layer(files, { dirs, relativeDirs = dirs, packages = [], message }) {
  return {
    files,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: [...alias(...dirs), ...packages.flatMap((name) => [name, `${name}/*`])], message },
            { regex: relative(...relativeDirs), message },
          ],
        },
      ],
    },
  };
}

/** What code that runs in the server, the CLI and the browser alike must not import. */
const SHARED_WITH_THE_BROWSER = {
  dirs: ["db", "app", "components", "lib/server", "lib/http", "lib/http-server", "lib/cli"],
  // From inside lib/metadata or lib/entries, lib/server is "../server" (and deeper "../../server").
  relativeDirs: ["db", "app", "components", "server", "http", "http-server", "cli"],
  packages: ["next", "react", "react-dom", "server-only"],
};

/** Used by eslint.config.mjs, and by lib/testing/layers.test.ts, which lints sample imports against these alone. */
export const layers = [
  layer(["lib/metadata/**/*.ts"], {
    ...SHARED_WITH_THE_BROWSER,
    message: "lib/metadata is the domain core: pure TypeScript, used by the server, the CLI and the browser alike",
  }),
  layer(["lib/entries/**/*.ts"], {
    ...SHARED_WITH_THE_BROWSER,
    message: "lib/entries holds the entry types and query rules shared by pages, the data layer and the browser",
  }),
  layer(["lib/accounts/**/*.ts"], {
    ...SHARED_WITH_THE_BROWSER,
    message: "lib/accounts holds the account rules (roles, password policy) shared by the data layer, the handlers and the browser",
  }),
  layer(["lib/build/**/*.ts"], {
    ...SHARED_WITH_THE_BROWSER,
    message: "lib/build holds the image build's rules (the recipe) shared by the API, the CLI, the wizard and the worker",
  }),
  {
    // Its tests compare with node:crypto and zlib; the code itself has only the web platform.
    ...layer(["lib/browser-hash/**/*.ts"], {
      ...SHARED_WITH_THE_BROWSER,
      packages: [...SHARED_WITH_THE_BROWSER.packages, "node:fs", "node:crypto", "node:stream", "node:zlib", "node:buffer"],
      message: "lib/browser-hash runs in the browser's Web Worker: web platform APIs only",
    }),
    ignores: ["**/*.test.ts"],
  },
  {
    // Its tests make keys with node:crypto and openssl; the code itself has only the web platform.
    ...layer(["lib/browser-sign/**/*.ts"], {
      ...SHARED_WITH_THE_BROWSER,
      packages: [...SHARED_WITH_THE_BROWSER.packages, "node:fs", "node:crypto", "node:buffer", "node:child_process", "xml-crypto"],
      message:
        "lib/browser-sign runs in the browser with the key the user opened: web platform APIs and node-forge only, never the server's signer",
    }),
    ignores: ["**/*.test.ts"],
  },
  layer(["lib/wizard/**/*.ts"], {
    ...SHARED_WITH_THE_BROWSER,
    message: "lib/wizard holds the create wizard's rules (its drafts and steps) shared by its pages, the drafts API and the browser",
  }),
  layer(["db/**/*.ts"], {
    dirs: ["app", "components", "lib/server", "lib/http", "lib/http-server", "lib/cli"],
    relativeDirs: ["app", "components", "lib"],
    packages: ["next"],
    message: "db/ is the data layer: it knows entries and SQL, not HTTP, pages or the application",
  }),
  layer(["lib/http/**/*.ts"], {
    dirs: ["db", "app", "components", "lib/server", "lib/http-server", "lib/cli"],
    relativeDirs: ["db", "app", "components", "server", "http-server", "cli"],
    message: "lib/http is transport: requests and responses, no data layer and no application logic",
  }),
  layer(["lib/http-server/**/*.ts"], {
    dirs: ["db", "app", "components", "lib/server", "lib/cli"],
    relativeDirs: ["db", "app", "components", "server", "cli"],
    message: "the server process reaches the application only through lib/process-hooks.ts (two bundles in one process)",
  }),
  layer(["lib/cli/**/*.ts", "bin/**/*.ts", "bin/**/*.mjs"], {
    dirs: ["db", "app", "components", "lib/server", "lib/http-server"],
    relativeDirs: ["db", "app", "components", "server", "http-server"],
    packages: ["next", "react", "react-dom", "server-only"],
    message: "the CLI talks HTTP to a Marketplace and never opens the database",
  }),
  layer(["lib/worker/**/*.ts"], {
    dirs: ["app", "components", "lib/http-server", "lib/cli"],
    relativeDirs: ["app", "components", "http-server", "cli"],
    packages: ["next", "react", "react-dom"],
    message: "lib/worker is the job worker process: the data layer and the application's jobs, no pages, HTTP server or CLI",
  }),
  layer(["components/**/*.ts", "components/**/*.tsx"], {
    dirs: ["db", "app", "lib/server", "lib/http-server"],
    relativeDirs: ["db", "app"],
    message: "components never import the database or the server; pages pass the data in",
  }),
];
