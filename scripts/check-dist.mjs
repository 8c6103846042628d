#!/usr/bin/env node
// Checks what dist/ ships to partners: embed.js exists at the top, and no
// shipped script uses eval or new Function (a strict CSP forbids both), and
// the partner-facing pages carry no inline script.
//   node scripts/check-dist.mjs [dist]
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const dist = process.argv[2] ?? "dist";
const walk = (dir) =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const problems = [];
if (!existsSync(join(dist, "embed.js"))) problems.push("dist/embed.js is missing");
for (const file of walk(dist)) {
  const rel = relative(dist, file);
  if (/\.m?js$/.test(rel)) {
    const src = readFileSync(file, "utf8");
    if (/\beval\s*\(/.test(src)) problems.push(`${rel}: calls eval`);
    if (/new\s+Function\s*\(/.test(src)) problems.push(`${rel}: calls new Function`);
  }
  // index.html is the Trunk demo page (Trunk injects its loader inline);
  // every other page is what partners or the iframe mode load.
  if (rel.endsWith(".html") && rel !== "index.html") {
    const html = readFileSync(file, "utf8");
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (!/\bsrc=/.test(m[1]) || m[2].trim()) problems.push(`${rel}: inline <script>`);
    }
    if (/\son[a-z]+\s*=/i.test(html)) problems.push(`${rel}: inline event handler attribute`);
    if (/<style\b/i.test(html) || /\sstyle\s*=/i.test(html)) problems.push(`${rel}: inline style`);
  }
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`check-dist: ${dist} ships embed.js, no eval / new Function, no inline script or style in partner pages`);
