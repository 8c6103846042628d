#!/usr/bin/env node
// Trunk post_build step (scripts/write-embed-js.sh): gives the wasm's imports
// from wasm-bindgen's glue short names, in the wasm and in the glue alike.
//
// wasm-bindgen names each import `__wbg_<method>_<16 hex digits>` (190 of
// them, 6.4 KB of names): the hex digits are random to a compressor, and
// every name is written twice, once in the wasm's import section and once
// in the glue's import object, which brotli compresses apart. Renamed to
// `$0`, `$1`, … the two files lose about 3 KB brotli (docs/performance.md).
// Only the imports from the glue's own module are renamed (the snippets'
// are their functions' names); each name is replaced in the glue as a
// whole identifier, and the script refuses (exit 1) if a name it renames
// is not exactly where the glue defines it.
//   node scripts/short-imports.mjs <glue.js> <wasm>
import { readFileSync, writeFileSync } from "node:fs";
import { WasmReader, encodeLeb } from "./wasm-reader.mjs";

const [gluePath, wasmPath] = process.argv.slice(2);
if (!gluePath || !wasmPath) {
  console.error("usage: short-imports.mjs <glue.js> <wasm>");
  process.exit(2);
}
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

// --- the wasm's sections ----------------------------------------------------
const reader = new WasmReader(wasm);
const name = (text) => {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([encodeLeb(bytes.length), bytes]);
};

const parts = [wasm.subarray(0, 8)];
const renamed = new Map();
while (reader.pos < wasm.length) {
  const start = reader.pos;
  const id = wasm[reader.pos++];
  const size = reader.leb();
  const end = reader.pos + size;
  if (id !== 2) {
    parts.push(wasm.subarray(start, end));
    reader.pos = end;
    continue;
  }
  // The import section, written again with the new names.
  const count = reader.leb();
  const entries = [encodeLeb(count)];
  for (let i = 0; i < count; i++) {
    const { module, field, desc } = reader.importEntry();
    let short = field;
    if (!module.startsWith("./snippets/") && /^__wb(g|indgen)_\w+$/.test(field)) {
      short = renamed.get(field) ?? `$${renamed.size.toString(36)}`;
      renamed.set(field, short);
    }
    entries.push(name(module), name(short), desc);
  }
  if (reader.pos !== end) throw new Error("import section not read to its end");
  const content = Buffer.concat(entries);
  parts.push(Buffer.from([2]), encodeLeb(content.length), content);
}

// --- the glue ---------------------------------------------------------------
for (const [from, to] of renamed) {
  const pattern = new RegExp(`(?<![\\w$])${from}(?![\\w$])`, "g");
  const found = glue.match(pattern)?.length ?? 0;
  // Defined once in the import object; a name used anywhere else would be
  // a reference this rename cannot see the meaning of.
  if (found !== 1) {
    console.error(`short-imports: ${from} occurs ${found} times in ${gluePath}, expected once`);
    process.exit(1);
  }
  if (glue.includes(to)) {
    // `$1` inside another name (`$10`) is fine; a standalone one is not.
    const standalone = new RegExp(`(?<![\\w$])\\${to}(?![\\w$])`);
    if (standalone.test(glue)) {
      console.error(`short-imports: ${to} already occurs in ${gluePath}`);
      process.exit(1);
    }
  }
  glue = glue.replace(pattern, to);
}
writeFileSync(gluePath, glue);
writeFileSync(wasmPath, Buffer.concat(parts));
