// An RFC 4180 reader written from the grammar, independent of the library's
// (pkg/calculator/csv.js): the reference the tests compare it, and the
// demo's health-score table, with.

/**
 * The rows of `text`: records end at LF or CRLF (and at a lone CR with
 * `loneCr`) outside quotes; a quote opens a quoted cell only at the cell's
 * start, and "" inside quotes is a quote. Cells are as written (not trimmed).
 */
export function readCsv(text, { delimiter = ",", loneCr = false } = {}) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "" && !wasQuoted) (quoted = true), (wasQuoted = true);
    else if (c === delimiter) row.push(cell), (cell = ""), (wasQuoted = false);
    else if (c === "\n" || (c === "\r" && (loneCr || text[i + 1] === "\n"))) {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ""), (wasQuoted = false);
    } else cell += c;
  }
  if (cell !== "" || row.length || wasQuoted) row.push(cell), rows.push(row);
  return rows;
}
