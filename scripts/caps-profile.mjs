#!/usr/bin/env node
// What the widget's longest tasks do at the caps the hardening suite times
// (tests/browser/hardening.spec.mjs): each cap's article rendered in
// Chromium under a trace, and every main-thread task over --min ms listed
// with what filled it (script, parse, style, layout, GC …).
//
//   node tests/browser/server.mjs &   # the test server, on dist/
//   node scripts/caps-profile.mjs [--runs 3] [--min 50] [--cap gallery] [--functions]
//
// Measures, asserts nothing. The tasks' lengths move with the machine: read
// them beside each other, not against the test's 200 ms from another run.
import { chromium } from "@playwright/test";
import { CAPS } from "../tests/browser/caps.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(option("--runs", 3));
const MIN_MS = Number(option("--min", 50));
const ONLY = option("--cap", "");
// With --functions, a sampled CPU profile names the functions inside each
// long task (inclusive time). Wasm functions have names only in a build
// that keeps them: `data-wasm-opt-params="-Oz -g"` in index.html for one
// `trunk build --release` (the test server serves dist/).
const FUNCTIONS = args.includes("--functions");
const CDN = "http://127.0.0.1:4601";
const API = "http://127.0.0.1:4602";

/** Each sample of a CPU profile: its time (trace clock) and the names on its stack. */
function sampled(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let ts = profile.startTime;
  return profile.samples.map((id, i) => {
    ts += profile.timeDeltas[i];
    const names = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at).callFrame.functionName.replace(/::h[0-9a-f]{16}$/, "");
      names.add(name);
    }
    return { ts, names };
  });
}

/** Trace events that name what a task did, by kind. */
const KIND = {
  FunctionCall: "script",
  EvaluateScript: "script",
  "v8.compile": "compile",
  "V8.GCScavenger": "gc",
  MinorGC: "gc",
  MajorGC: "gc",
  ParseHTML: "parse",
  UpdateLayoutTree: "style",
  Layout: "layout",
  Paint: "paint",
  PrePaint: "paint",
  Commit: "paint",
};

async function profile(browser, name, body) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${CDN}/index.html`);
  await page.waitForFunction(() => document.querySelector("article-embed")?.dataset.state === "ready");
  await page.waitForTimeout(1_500);
  const key = `/stash/profile-${name}-${Date.now()}`;
  await fetch(API + key, { method: "PUT", body });
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
  const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  if (FUNCTIONS) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  await cdp.send("Tracing.start", {
    transferMode: "ReportEvents",
    traceConfig: { includedCategories: ["devtools.timeline", "v8", "disabled-by-default-devtools.timeline", "v8.execute", "blink"] },
  });
  await page.evaluate((src) => {
    document.querySelector("main").innerHTML = `<article-embed src="${src}"></article-embed>`;
  }, `${API}${key}?type=application%2Fjson`);
  await page.waitForFunction(() => /^(ready|error)$/.test(document.querySelector("article-embed")?.dataset.state ?? ""), null, { timeout: 60_000 });
  await page.waitForTimeout(300);
  await cdp.send("Tracing.end");
  await done;
  const samples = FUNCTIONS ? sampled((await cdp.send("Profiler.stop")).profile) : [];
  await page.close();
  // The renderer's main thread: the thread that ran the page's script.
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const onMain = events.filter((e) => e.pid === main?.pid && e.tid === main?.tid && e.ph === "X");
  const tasks = onMain.filter((e) => e.name === "RunTask" && e.dur / 1000 >= MIN_MS);
  return tasks.map((task) => {
    const end = task.ts + task.dur;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= end);
    const by = {};
    // Each kind's own time: an event's time is taken from the innermost
    // event of a kind that contains it (a GC inside a script's call).
    const kinded = inside.filter((e) => KIND[e.name]);
    const contains = (p, e) => p !== e && p.ts <= e.ts && p.ts + p.dur >= e.ts + e.dur && p.dur > e.dur;
    for (const e of kinded) {
      const parent = kinded.filter((p) => contains(p, e)).reduce((a, p) => (a && a.dur <= p.dur ? a : p), null);
      by[KIND[e.name]] = (by[KIND[e.name]] ?? 0) + e.dur / 1000;
      if (parent) by[KIND[parent.name]] -= e.dur / 1000;
    }
    const parts = Object.entries(by)
      .filter(([, ms]) => ms >= 1)
      .sort((a, b) => b[1] - a[1])
      .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
      .join(", ");
    const counts = new Map();
    const within = samples.filter((s) => s.ts >= task.ts && s.ts <= end);
    for (const s of within) for (const name of s.names) counts.set(name, (counts.get(name) ?? 0) + 1);
    const functions = [...counts]
      .filter(([name]) => !/^\(|^$/.test(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 14)
      .map(([name, n]) => `${(n * 100 / Math.max(within.length, 1)).toFixed(0)}% ${name}`);
    return { ms: task.dur / 1000, parts, functions };
  });
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  for (const [name, make] of Object.entries(CAPS)) {
    if (!name.includes(ONLY)) continue;
    const body = make();
    for (let run = 1; run <= RUNS; run++) {
      const tasks = await profile(browser, name, body);
      const list = tasks.map((t) => `${t.ms.toFixed(0)} ms (${t.parts})`).join("; ");
      console.log(`${name}, run ${run}: ${tasks.length} tasks ≥ ${MIN_MS} ms: ${list || "none"}`);
      for (const t of tasks.filter((t) => t.functions?.length)) console.log(`  ${t.ms.toFixed(0)} ms: ${t.functions.join(", ")}`);
    }
  }
} finally {
  await browser.close();
}
