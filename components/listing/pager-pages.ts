/** Page numbers around the current one, with the first and last always shown; a gap of one page shows that page instead. */
export function visiblePages(current: number, count: number): Array<number | "gap"> {
  const pages = new Set([1, count, current - 1, current, current + 1].filter((p) => p >= 1 && p <= count));
  const sorted = [...pages].sort((a, b) => a - b);
  const result: Array<number | "gap"> = [];
  for (const page of sorted) {
    const previous = result[result.length - 1];
    if (typeof previous === "number" && page - previous > 1) result.push(page - previous === 2 ? previous + 1 : "gap");
    result.push(page);
  }
  return result;
}
