// Stands in for `server-only` under vitest: the tests run server code in Node, outside Next.js.
export {};
