export interface SparqlTable {
  variables: string[];
  rows: Array<Record<string, { type: string; value: string } | undefined>>;
}

/** SPARQL results as a table: one column per variable, IRIs in monospace, unbound cells empty. */
export function SparqlResultsTable({ table, capped, limit }: { table: SparqlTable; capped: boolean; limit: number }) {
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600 dark:text-slate-400" role="status">
        {table.rows.length === 1 ? "1 result" : `${table.rows.length} results`}
        {capped && table.rows.length >= limit ? ` (the first ${limit}: add a LIMIT or narrow the query for the rest)` : ""}
      </p>
      {table.rows.length > 0 ? (
        <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200 dark:ring-slate-700">
          <table className="w-full text-left text-sm" data-testid="sparql-results">
            <thead className="bg-slate-50 dark:bg-slate-800">
              <tr>
                {table.variables.map((variable) => (
                  <th key={variable} scope="col" className="px-3 py-2 font-semibold text-slate-700 dark:text-slate-200">
                    ?{variable}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white dark:divide-slate-800 dark:bg-slate-900">
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {table.variables.map((variable) => {
                    const cell = row[variable];
                    return (
                      <td
                        key={variable}
                        className={`px-3 py-1.5 align-top wrap-anywhere ${cell?.type === "uri" ? "font-mono text-[0.8125rem]" : ""}`}
                      >
                        {cell?.value ?? ""}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
