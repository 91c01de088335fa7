/* Reading the amounts people type, with the separators the page itself prints.
 *
 * The page writes numbers with Intl in the language's locale (GET /meta gives each language's
 * decimal and group separators): 150,000.5 in English, 150 000,5 in Russian and Kazakh. An
 * amount is read back the same way, and an ambiguous one is refused rather than guessed:
 *
 *   "150000,50" → 150000.5 in every language (a comma before two digits is a decimal comma);
 *   "150,000"   → 150000 in English (groups of three), 150 in Russian and Kazakh (decimal comma);
 *   "150.000"   → 150 in English, refused in Russian and Kazakh (a point the page does not print,
 *                 before three digits, may be a thousands separator);
 *   "1.500,50"  → refused (two kinds of separator the page would not print together).
 *
 * Used by app.js in the browser; tests/api/test_page_numbers.py runs it under Node.
 */
"use strict";

(function (root) {
  const SPACES = /[\s\u00a0\u202f\u2007\u2009]/g;
  const IS_SPACE = /^[\s\u00a0\u202f\u2007\u2009]$/;

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /** The amount typed in `text`, read with `format` ({decimal, group}); 0 when empty, NaN when unclear. */
  function parseAmount(text, format) {
    const decimal = (format && format.decimal) || ".";
    const group = (format && format.group) || ",";
    const raw = String(text === null || text === undefined ? "" : text).replace(SPACES, "");
    if (raw === "") return 0;
    if (!IS_SPACE.test(group) && group !== decimal) {
      const grouped = new RegExp("^\\d{1,3}(?:" + escapeRegExp(group) + "\\d{3})+(?:" + escapeRegExp(decimal) + "\\d+)?$");
      if (grouped.test(raw)) return Number(raw.split(group).join("").replace(decimal, "."));
    }
    const match = /^(\d+)(?:([.,])(\d+))?$/.exec(raw);
    if (!match) return NaN;
    const [, whole, mark, fraction] = match;
    if (!mark) return Number(whole);
    if (mark !== decimal && fraction.length === 3) return NaN; // 150.000 where the page prints 150 000
    return Number(whole + "." + fraction);
  }

  /** A whole number of at most `digits` digits (an age), or NaN. */
  function parseWhole(text, digits) {
    const raw = String(text === null || text === undefined ? "" : text).replace(SPACES, "");
    return new RegExp("^\\d{1," + (digits || 3) + "}$").test(raw) ? Number(raw) : NaN;
  }

  const api = { parseAmount: parseAmount, parseWhole: parseWhole };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.aspNumbers = api;
})(typeof window !== "undefined" ? window : globalThis);
