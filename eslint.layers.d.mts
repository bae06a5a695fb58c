import type { Linter } from "eslint";

/** The layer rules of ARCHITECTURE.md (eslint.layers.mjs). */
export declare const layers: Linter.Config[];
