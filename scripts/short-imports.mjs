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

const [gluePath, wasmPath] = process.argv.slice(2);
if (!gluePath || !wasmPath) {
  console.error("usage: short-imports.mjs <glue.js> <wasm>");
  process.exit(2);
}
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

// --- the wasm's sections ----------------------------------------------------
let pos = 8;
const leb = () => {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = wasm[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const encodeLeb = (value) => {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
};
const name = (text) => {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([encodeLeb(bytes.length), bytes]);
};

const parts = [wasm.subarray(0, 8)];
const renamed = new Map();
while (pos < wasm.length) {
  const start = pos;
  const id = wasm[pos++];
  const size = leb();
  const body = pos;
  const end = body + size;
  if (id !== 2) {
    parts.push(wasm.subarray(start, end));
    pos = end;
    continue;
  }
  // The import section, written again with the new names.
  const count = leb();
  const entries = [encodeLeb(count)];
  for (let i = 0; i < count; i++) {
    const readString = () => {
      const length = leb();
      const text = wasm.subarray(pos, pos + length).toString("utf8");
      pos += length;
      return text;
    };
    const module = readString();
    const field = readString();
    const descStart = pos;
    const kind = wasm[pos++];
    if (kind === 0) leb();
    else if (kind === 1) { pos++; const flags = leb(); leb(); if (flags & 1) leb(); }
    else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
    else if (kind === 3) pos += 2;
    else if (kind === 4) { pos++; leb(); }
    else throw new Error(`import kind ${kind} unknown`);
    const desc = wasm.subarray(descStart, pos);
    let field2 = field;
    if (!module.startsWith("./snippets/") && /^__wb(g|indgen)_\w+$/.test(field)) {
      field2 = renamed.get(field) ?? `$${renamed.size.toString(36)}`;
      renamed.set(field, field2);
    }
    entries.push(name(module), name(field2), desc);
  }
  if (pos !== end) throw new Error("import section not read to its end");
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
