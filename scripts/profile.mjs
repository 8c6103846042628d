#!/usr/bin/env node
// Where a page of embeds spends its main thread, beside the benchmark's
// plain-JavaScript reference (bench/reference.js), on the benchmark's
// three-origin server (scripts/bench.mjs --serve):
//
//   node scripts/profile.mjs [--embeds 50] [--runs 5] [--dist DIR]
//
// - main-thread time by kind (Chromium's Performance metrics: tasks,
//   script, layout, style recalculation), medians over alternating runs;
// - the wasm's calls into JavaScript per embed, by import: a copy of the
//   build whose glue counts every import it hands the wasm.
// Measures, asserts nothing; cold runs, cache off, unthrottled.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { whenDone } from "../bench/ready.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROOT = new URL("..", import.meta.url).pathname;
const EMBEDS = Number(option("--embeds", 50));
const RUNS = Number(option("--runs", 5));
const DIST = option("--dist", join(ROOT, "dist")).replace(/\/$/, "");
const PAGE = (impl, n) => `http://127.0.0.1:4701/?impl=${impl}&n=${n}`;

/** Serves `dist` as the benchmark does until the returned function is called. */
async function serve(dist) {
  const server = spawn(process.execPath, [join(ROOT, "scripts/bench.mjs"), "--serve", "--dist", dist], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    server.stdout.once("data", resolve);
    server.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return () => server.kill();
}

/** A copy of `dist` whose glue counts the wasm's calls into each import. */
function countingCopy(dist) {
  const copy = mkdtempSync(join(tmpdir(), "ae-profile-"));
  cpSync(dist, copy, { recursive: true });
  const glue = readdirSync(copy).find((f) => /^article-embed-[0-9a-f]+\.js$/.test(f));
  const path = join(copy, glue);
  const source = readFileSync(path, "utf8");
  const hook = "const imports = __wbg_get_imports();";
  const at = source.lastIndexOf(hook);
  if (at < 0) throw new Error("profile: the glue has no imports object to count (wasm-bindgen changed?)");
  const counting = `${hook}
globalThis.__aeCalls = {};
for (const mod of Object.values(imports)) {
  if (!Object.isExtensible(mod)) continue;
  for (const [key, f] of Object.entries(mod)) {
    if (typeof f !== "function") continue;
    const name = key.replace(/_[0-9a-f]{16}$/, "").replace(/^__wbg_/, "");
    mod[key] = function (...a) { globalThis.__aeCalls[name] = (globalThis.__aeCalls[name] ?? 0) + 1; return f.apply(this, a); };
  }
}`;
  writeFileSync(path, source.slice(0, at) + counting + source.slice(at + hook.length));
  return copy;
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-quic"] });

async function load(impl, n) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Performance.enable");
  await tab.goto(PAGE(impl, n), { waitUntil: "commit" });
  await whenDone(cdp);
  const { metrics } = await cdp.send("Performance.getMetrics");
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value * 1000]));
  const page = await tab.evaluate(() => ({ done: window.__done, first: window.__first, calls: globalThis.__aeCalls ?? null }));
  await context.close();
  return { tasks: m.TaskDuration, script: m.ScriptDuration, layout: m.LayoutDuration, style: m.RecalcStyleDuration, ...page };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const KINDS = ["done", "tasks", "script", "layout", "style"];

let stop = await serve(DIST);
try {
  const rows = { widget: [], reference: [] };
  await load("widget", EMBEDS); // warm-up: the server compresses each file once
  for (let i = 0; i < RUNS; i++) {
    for (const impl of i % 2 ? ["reference", "widget"] : ["widget", "reference"]) rows[impl].push(await load(impl, EMBEDS));
  }
  console.log(`main thread, ${EMBEDS} embeds, medians of ${RUNS} cold unthrottled runs (ms):`);
  console.log(`${"".padEnd(10)}${KINDS.map((k) => k.padStart(9)).join("")}`);
  for (const impl of ["widget", "reference"]) {
    console.log(`${impl.padEnd(10)}${KINDS.map((k) => median(rows[impl].map((r) => r[k])).toFixed(0).padStart(9)).join("")}`);
  }
} finally {
  stop();
}

const copy = countingCopy(DIST);
stop = await serve(copy);
try {
  const { calls } = await load("widget", 1);
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  console.log(`\nthe wasm's calls into JavaScript for one embed of the seed: ${total}`);
  for (const [name, count] of Object.entries(calls).sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`${String(count).padStart(7)}  ${name}`);
  }
} finally {
  stop();
  rmSync(copy, { recursive: true, force: true });
  await browser.close();
}
