#!/usr/bin/env node
// Prints the brotli-compressed size of what a partner page downloads to show
// an embed (embed.js, the wasm-bindgen glue and snippets, the wasm; the
// widget's CSS is compiled into the wasm) and fails if it exceeds the budget.
//   node scripts/size.mjs [dist] [--budget-kb 100]
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const args = process.argv.slice(2);
const dist = args.find((a) => !a.startsWith("--")) ?? "dist";
const budgetIndex = args.indexOf("--budget-kb");
const budgetKb = budgetIndex >= 0 ? Number(args[budgetIndex + 1]) : 100;

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const shipped = walk(dist).filter((path) => {
  const rel = relative(dist, path);
  return rel === "embed.js" || /^article-embed-.*\.(js|wasm)$/.test(rel) || rel.startsWith("snippets/");
});
if (!shipped.some((p) => p.endsWith(".wasm"))) {
  console.error(`size: no wasm in ${dist}; run trunk build --release first`);
  process.exit(1);
}
let total = 0;
const rows = shipped.map((path) => {
  const bytes = readFileSync(path);
  const compressed = brotli(bytes);
  total += compressed;
  return [relative(dist, path), bytes.length, compressed];
});
const css = readFileSync("style/embed.css");
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KB";
for (const [name, raw, compressed] of rows) console.log(`${kb(compressed)} brotli  ${kb(raw)} raw  ${name}`);
console.log(`${kb(brotli(css))} brotli  ${kb(css.length)} raw  (style/embed.css, inside the wasm)`);
console.log(`${kb(total)} brotli in all, budget ${budgetKb} KB`);
if (total > budgetKb * 1024) {
  console.error(`size: over budget by ${((total - budgetKb * 1024) / 1024).toFixed(1)} KB`);
  process.exit(1);
}
