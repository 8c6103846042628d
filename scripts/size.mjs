#!/usr/bin/env node
// Prints the brotli-compressed size of what a partner page downloads to show
// an embed (embed.js, the wasm-bindgen glue and snippets, the wasm; the
// widget's CSS is compiled into the wasm) and fails if it exceeds the budget.
// Then it accounts for the wasm by crate (and by module for our own crate),
// from the function names in cargo's wasm (before wasm-bindgen and wasm-opt):
// each group's share of the code bytes, applied to the wasm's brotli size.
//   node scripts/size.mjs [dist] [--budget-kb 125] [--top 25]
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { WasmReader } from "./wasm-reader.mjs";

const args = process.argv.slice(2);
const dist = args.find((a) => !a.startsWith("--")) ?? "dist";
const budgetIndex = args.indexOf("--budget-kb");
const budgetKb = budgetIndex >= 0 ? Number(args[budgetIndex + 1]) : 125;
const topIndex = args.indexOf("--top");
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
const CARGO_WASM = "target/wasm32-unknown-unknown/release/article-embed.wasm";

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

const wasmBrotli = rows.find(([name]) => name.endsWith(".wasm"))?.[2] ?? 0;
try {
  const groups = breakdown(readFileSync(CARGO_WASM));
  const code = [...groups.values()].reduce((a, b) => a + b, 0);
  console.log(`\nthe wasm by crate (share of ${kb(code).trim()} of code and data in ${CARGO_WASM}, as brotli):`);
  const sorted = [...groups].sort((a, b) => b[1] - a[1]);
  for (const [group, bytes] of sorted.slice(0, top)) {
    console.log(`${kb((bytes / code) * wasmBrotli)} ${((100 * bytes) / code).toFixed(1).padStart(5)} %  ${group}`);
  }
  const rest = sorted.slice(top).reduce((a, [, b]) => a + b, 0);
  if (rest) console.log(`${kb((rest / code) * wasmBrotli)} ${((100 * rest) / code).toFixed(1).padStart(5)} %  (${sorted.length - top} more)`);
} catch (error) {
  console.log(`(no breakdown: ${error.message}; it reads ${CARGO_WASM}, left by trunk build --release)`);
}
if (total > budgetKb * 1024) {
  console.error(`size: over budget by ${((total - budgetKb * 1024) / 1024).toFixed(1)} KB`);
  process.exit(1);
}

// Code bytes per crate (per module for article_embed and article_embed_core), from the wasm's code
// section and its "name" custom section (wasm-ld writes demangled names).
function breakdown(wasm) {
  const reader = new WasmReader(wasm);
  const leb = () => reader.leb();
  let imported = 0;
  let data = 0;
  const sizes = [];
  const names = new Map();
  while (reader.pos < wasm.length) {
    const id = wasm[reader.pos++];
    const size = leb();
    const end = reader.pos + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        if (reader.importEntry().kind === 0) imported++;
      }
    } else if (id === 11) {
      data += size;
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) {
        const body = leb();
        sizes.push(body);
        reader.pos += body;
      }
    } else if (id === 0 && reader.name() === "name") {
      while (reader.pos < end) {
        const sub = wasm[reader.pos++];
        const subEnd = leb() + reader.pos;
        if (sub === 1) {
          for (let n = leb(); n > 0; n--) {
            const index = leb();
            names.set(index, reader.name());
          }
        }
        reader.pos = subEnd;
      }
    }
    reader.pos = end;
  }
  if (!names.size) throw new Error("the wasm has no name section");
  const groups = new Map();
  sizes.forEach((bytes, i) => {
    const name = names.get(i + imported) ?? "";
    // wasm-bindgen's type descriptors run at build time and are removed.
    if (/describe|WasmDescribe/.test(name)) return;
    const group = crateOf(name);
    groups.set(group, (groups.get(group) ?? 0) + bytes);
  });
  groups.set("(data: strings, the CSS, tables)", data);
  return groups;
}

// Rust's legacy mangling: _ZN <len><segment>… 17h<hash> E, with $LT$ for
// "<", ".." for "::" and $u20$ for " " inside a segment.
function demangle(name) {
  if (!name.startsWith("_ZN")) return name;
  const segments = [];
  let i = 3;
  while (i < name.length && name[i] !== "E") {
    const digits = name.slice(i).match(/^\d+/);
    if (!digits) break;
    i += digits[0].length;
    segments.push(name.slice(i, i + Number(digits[0])));
    i += Number(digits[0]);
  }
  if (/^h[0-9a-f]{16}$/.test(segments.at(-1) ?? "")) segments.pop();
  return segments
    .join("::")
    .replace(/^_\$/, "$")
    .replace(/\$LT\$/g, "<").replace(/\$GT\$/g, ">").replace(/\$u20\$/g, " ")
    .replace(/\$RF\$/g, "&").replace(/\$C\$/g, ",").replace(/\$u7b\$/g, "{").replace(/\$u7d\$/g, "}")
    .replace(/\.\./g, "::");
}

function crateOf(mangled) {
  // v0 mangling (_R…): the first crate root, C[s<disambiguator>_]<len><name>.
  const v0 = mangled.startsWith("_R") && mangled.match(/C(?:s[0-9A-Za-z]*_)?(\d+)/);
  if (v0) {
    const start = v0.index + v0[0].length;
    return mangled.slice(start, start + Number(v0[1]));
  }
  const name = demangle(mangled);
  const ours = name.match(/\barticle_embed(_core)?::([a-z_]+)/);
  if (ours) return `article_embed${ours[1] ?? ""}::${ours[2]}`;
  const path = name.match(/([a-z_][a-z0-9_]*)::/);
  if (path) return path[1];
  return name.startsWith("__wbindgen") || name.startsWith("__wbg") ? "wasm_bindgen" : "(runtime: allocator, memcpy, …)";
}
