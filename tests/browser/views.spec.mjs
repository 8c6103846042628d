// A view is a view: one POST once the reader has had the article's opening
// (headline to first paragraph) at least half on screen for one continuous
// second while the page is visible; nothing for a fast scroll past, a
// background tab or a prerender; one per embed; nothing that identifies
// the reader.
import { test, expect } from "@playwright/test";
import { API } from "./helpers.mjs";

const log = async (page, viewsUrl) =>
  (await page.request.get(`${API}/view-log?path=${encodeURIComponent(new URL(viewsUrl).pathname)}`)).json();

/** A partner page: a tall spacer, the embeds, a tall spacer. */
async function partnerPage(page, viewsUrls, { hidden = false, prerendering = false, attrs = "" } = {}) {
  await page.addInitScript(({ hidden, prerendering }) => {
    // What a background tab or a prerender looks like to the page.
    window.__visibility = hidden ? "hidden" : "visible";
    window.__prerendering = prerendering;
    Object.defineProperty(document, "visibilityState", { get: () => window.__visibility });
    Object.defineProperty(document, "prerendering", { get: () => window.__prerendering });
  }, { hidden, prerendering });
  await page.goto("/index.html");
  await page.evaluate(([api, urls, attrs]) => {
    document.querySelector("main").innerHTML = `<div style="height:3000px"></div>` +
      urls.map((u) => `<article-embed ${attrs} src="${api}/variant/seed.json?views_url=${encodeURIComponent(u)}"></article-embed>`).join("") +
      `<div style="height:3000px"></div>`;
  }, [API, viewsUrls, attrs]);
  for (let i = 0; i < viewsUrls.length; i++) {
    await expect(page.locator("article-embed").nth(i)).toHaveAttribute("data-state", "ready");
  }
}

const fresh = (name) => `${API}/views/${name}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

test("a reader who stays a second registers exactly one view, with nothing that identifies them", async ({ page, context }) => {
  // A cookie on the API's origin must not travel with the view.
  await context.addCookies([{ name: "reader", value: "42", url: API }]);
  const viewsUrl = fresh("stay");
  await partnerPage(page, [viewsUrl]);
  const embed = page.locator("article-embed");
  await page.waitForTimeout(1500);
  // Off screen: nothing.
  expect(await log(page, viewsUrl)).toEqual([]);
  await expect(embed.locator(".ae-views")).toHaveText("47 views");
  await embed.locator(".ae-title").scrollIntoViewIfNeeded();
  // Less than a second on screen: not yet.
  await page.waitForTimeout(500);
  expect(await log(page, viewsUrl)).toEqual([]);
  // The count shown becomes the answer.
  await expect(embed.locator(".ae-views")).toHaveText("48 views");
  // Its body names the partner's page by its origin (as the Origin header
  // does), for the publisher's counts by partner: no path, nothing else.
  expect(await log(page, viewsUrl)).toEqual([{ query: "", cookie: null, body: new URL(page.url()).origin, type: "text/plain;charset=UTF-8" }]);
  // Coming back later is the same reader: still one.
  await page.mouse.wheel(0, 4000);
  await page.waitForTimeout(300);
  await embed.locator(".ae-title").scrollIntoViewIfNeeded();
  await page.waitForTimeout(1600);
  expect(await log(page, viewsUrl)).toHaveLength(1);
});

test("scrolling past at speed registers nothing", async ({ page }) => {
  const viewsUrl = fresh("past");
  await partnerPage(page, [viewsUrl]);
  // A flick: the opening crosses the screen in well under a second.
  for (let i = 0; i < 12; i++) {
    await page.mouse.wheel(0, 500);
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(1500);
  // The opening went by (the body of this long article is still on screen).
  expect(await page.evaluate(() => document.querySelector("article-embed").shadowRoot.querySelector(".ae-lead").getBoundingClientRect().bottom < 0)).toBe(true);
  expect(await log(page, viewsUrl)).toEqual([]);
});

test("a background tab or a prerendered page registers nothing until the reader is there", async ({ page }) => {
  const viewsUrl = fresh("hidden");
  await partnerPage(page, [viewsUrl], { hidden: true });
  const embed = page.locator("article-embed");
  await embed.locator(".ae-title").scrollIntoViewIfNeeded();
  await page.waitForTimeout(1800);
  expect(await log(page, viewsUrl)).toEqual([]);
  // The reader switches to the tab: a second later, one view.
  await page.evaluate(() => {
    window.__visibility = "visible";
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect(embed.locator(".ae-views")).toHaveText("48 views");
  expect(await log(page, viewsUrl)).toHaveLength(1);

  const prerendered = fresh("prerender");
  const other = await page.context().newPage();
  await partnerPage(other, [prerendered], { prerendering: true });
  await other.locator("article-embed .ae-title").scrollIntoViewIfNeeded();
  await other.waitForTimeout(1800);
  expect(await log(other, prerendered)).toEqual([]);
  await other.evaluate(() => {
    window.__prerendering = false;
    document.dispatchEvent(new Event("prerenderingchange"));
  });
  await expect(other.locator("article-embed .ae-views")).toHaveText("48 views");
});

test("two embeds in view register one view each; a new src is a new embed", async ({ page }) => {
  const [a, b] = [fresh("two-a"), fresh("two-b")];
  // Two cards in the same screenful.
  await page.setViewportSize({ width: 1280, height: 1600 });
  await partnerPage(page, [a, b], { attrs: 'layout="card"' });
  await page.evaluate(() => document.querySelector("article-embed").scrollIntoView());
  await expect(page.locator("article-embed").nth(0).locator(".ae-views")).toHaveText("48 views");
  await expect(page.locator("article-embed").nth(1).locator(".ae-views")).toHaveText("48 views");
  await page.waitForTimeout(1200);
  expect((await log(page, a)).length + (await log(page, b)).length).toBe(2);
  // The same element shows another article: that one is viewed too.
  const c = fresh("two-c");
  await page.evaluate(([api, c]) => {
    document.querySelector("article-embed").setAttribute("src", `${api}/variant/seed.json?views_url=${encodeURIComponent(c)}&x=1`);
  }, [API, c]);
  await expect.poll(async () => (await log(page, c)).length, { timeout: 8000 }).toBe(1);
  expect(await log(page, a)).toHaveLength(1);
});
