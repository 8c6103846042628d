#!/usr/bin/env node
// Checks what dist/ ships to partners: embed.js exists at the top, and no
// shipped script uses eval or new Function (a strict CSP forbids both), and
// no page carries inline script or style; the widget CSS has no rem units
// and no @font-face.
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
  if (rel.endsWith(".html")) {
    const html = readFileSync(file, "utf8");
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (!/\bsrc=/.test(m[1]) || m[2].trim()) problems.push(`${rel}: inline <script>`);
    }
    if (/\son[a-z]+\s*=/i.test(html)) problems.push(`${rel}: inline event handler attribute`);
    if (/<style\b/i.test(html) || /\sstyle\s*=/i.test(html)) problems.push(`${rel}: inline style`);
  }
}
// The widget's CSS lives in a shadow root: rem would follow the partner's
// root font size, and @font-face does not apply there.
const css = readFileSync("style/embed.css", "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
if (/\d(\.\d+)?rem\b/.test(css)) problems.push("style/embed.css: uses rem units");
if (/@font-face/.test(css)) problems.push("style/embed.css: declares @font-face");
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`check-dist: ${dist} ships embed.js; no eval / new Function; no inline script, handler or style in any page; no rem or @font-face in the widget CSS`);
