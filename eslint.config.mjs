import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { layers } from "./eslint.layers.mjs";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [
      "dist/**",
      ".next/**",
      "data/**",
      "db/migrations/**",
      "lib/metadata/__fixtures__/**",
      "bench/.cache/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      // Metadata text is hostile input: never injected as HTML, never a script URL.
      "react/no-danger": "error",
      "react/jsx-no-script-url": "error",
    },
  },
  ...layers,
];

export default config;
