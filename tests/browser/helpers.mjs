import { existsSync, readFileSync } from "node:fs";
import { expect } from "@playwright/test";

export const CDN = "http://127.0.0.1:4601";
export const API = "http://127.0.0.1:4602";
export const PARTNER = "http://127.0.0.1:4603";

/** Real third-party content (../shared/corpora, beside the project), served
 * by the test server at /corpora/ on every origin. Tests that need it skip,
 * saying so, when it is absent. */
export const CORPORA = new URL("../../../shared/corpora/", import.meta.url).pathname;
export const HAS_CORPORA = existsSync(CORPORA + "project/formats");
export const NO_CORPORA = "../shared/corpora/ is absent: skipped, not passed";
/** A format fixture built from the WordPress and Ghost test posts. */
export const FORMAT = (file) => `${CDN}/corpora/project/formats/${file}`;
/** Our own Bitrix-style feed: the seed article and one item of ours. */
export const NEWS_RSS = `${CDN}/api/feeds/news.rss`;

const axeSource = readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

/** Waits until the first (or given) embed reports a final state. */
export async function waitForState(page, state, selector = "article-embed") {
  await expect(page.locator(selector).first()).toHaveAttribute("data-state", state, { timeout: 30_000 });
}

/** Records layout shifts from the first paint on. Call before goto. */
export async function recordLayoutShifts(page) {
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__shifts.push({ value: entry.value, hadRecentInput: entry.hadRecentInput });
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

export async function layoutShiftScore(page) {
  return page.evaluate(() => window.__shifts.filter((s) => !s.hadRecentInput).reduce((a, s) => a + s.value, 0));
}

/** Runs axe-core on the page (it audits open shadow roots too): every
 * rule, or only those with one of `tags` (`["wcag2a", "wcag2aa"]`). */
export async function axeViolations(page, tags) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.addScriptTag({ content: axeSource });
  }
  const result = await page.evaluate((tags) =>
    window.axe.run(document, { resultTypes: ["violations"], ...(tags ? { runOnly: { type: "tag", values: tags } } : {}) }),
  tags);
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

/** Installs a trap that records any script execution a test payload attempts. */
export async function installScriptTrap(page) {
  await page.addInitScript(() => {
    window.__pwned = [];
    window.alert = (m) => window.__pwned.push(String(m));
    window.pwn = (m) => window.__pwned.push(String(m));
  });
}

/** Stores `body` on the API origin and shows it in an embed; returns the embed. */
export async function show(page, request, body, attrs = "") {
  const key = `/stash/${Date.now()}-${Math.random().toString(36).slice(2)}.json`;
  await request.put(API + key, { data: body });
  await page.evaluate(([src, attrs]) => {
    document.querySelector("main").innerHTML = `<article-embed ${attrs} src="${src}"></article-embed>`;
  }, [API + key, attrs]);
  const embed = page.locator("article-embed");
  await expect(embed).toHaveAttribute("data-state", /^(ready|error)$/, { timeout: 45_000 });
  return embed;
}

/**
 * A partner's page (its own origin, 4603) showing `html`, with the widget's
 * loader, as `request` stores it on the test server.
 */
export async function partnerPage(page, request, html) {
  const key = `/stash/partner-${Date.now()}-${Math.random().toString(36).slice(2)}.html`;
  const doc = `<!doctype html><html lang="en"><head><title>Partner</title><link rel="icon" href="data:,"></head><body><main>${html}</main>` +
    `<script type="module" src="${CDN}/embed.js"></script></body></html>`;
  await request.put(PARTNER + key, { data: doc });
  await page.goto(`${PARTNER}${key}?type=${encodeURIComponent("text/html")}`);
}
