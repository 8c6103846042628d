// Partner embedding: a partner page on one origin (4603), the widget files on
// a second (4601), the article JSON on a third (4602).
import { test, expect } from "@playwright/test";
import { API, CDN, PARTNER } from "./helpers.mjs";

async function trackEvents(page) {
  await page.addInitScript(() => {
    window.__events = [];
    window.__violations = [];
    for (const type of ["article-embed:ready", "article-embed:error"]) {
      document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail, target: e.target.id }));
    }
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}

test("two embeds plus one added later render from three origins, with one wasm instance", async ({ page }) => {
  await trackEvents(page);
  const wasmRequests = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasmRequests.push(r.url()));
  await page.goto(`${PARTNER}/pages/partner.html`);
  await expect(page.locator("#one")).toHaveAttribute("data-state", "ready");
  await expect(page.locator("#two")).toHaveAttribute("data-state", "ready");
  await expect(page.locator("#two .ae-title")).toHaveText("Second");
  // Card layout: headline, lead, first image, views, link to the article.
  const card = page.locator("#one");
  await expect(card.locator(".ae-title a")).toHaveAttribute("href", "https://publisher.example/news/opening-asia-for-russia/");
  await expect(card.locator(".ae-card__img")).toHaveCount(1);
  await expect(card.locator(".ae-views")).toHaveText("11 views");
  await expect(card.locator(".ae-body")).toHaveCount(0);

  // A single-page app adds an embed later, and includes the script again.
  await page.evaluate(({ api, cdn }) => {
    const el = document.createElement("article-embed");
    el.id = "three";
    el.setAttribute("src", `${api}/variant/seed.json?views=33&title=Third`);
    document.body.append(el);
    const again = document.createElement("script");
    again.type = "module";
    again.src = `${cdn}/embed.js?included=twice`;
    document.head.append(again);
  }, { api: API, cdn: CDN });
  await expect(page.locator("#three")).toHaveAttribute("data-state", "ready");
  await expect(page.locator("#three .ae-title")).toHaveText("Third");
  await page.waitForTimeout(300);
  expect(wasmRequests).toHaveLength(1);

  const events = await page.evaluate(() => window.__events);
  expect(events.map((e) => `${e.type} ${e.target}`).sort()).toEqual([
    "article-embed:ready one",
    "article-embed:ready three",
    "article-embed:ready two",
  ]);
  expect(events.find((e) => e.target === "three").detail).toMatchObject({
    title: "Third",
    url: "https://publisher.example/news/opening-asia-for-russia/",
  });

  // Changing src reloads the embed.
  await page.evaluate((api) => document.querySelector("#three").setAttribute("src", `${api}/variant/seed.json?title=Changed`), API);
  await expect(page.locator("#three .ae-title")).toHaveText("Changed");

  // Fifty embeds on one page: all render, still one wasm instance.
  await page.evaluate((api) => {
    for (let i = 0; i < 47; i++) {
      const el = document.createElement("article-embed");
      el.setAttribute("layout", "card");
      el.setAttribute("src", `${api}/variant/seed.json?views=${i}`);
      document.body.append(el);
    }
  }, API);
  await expect(page.locator("article-embed")).toHaveCount(50);
  await expect(page.locator('article-embed[data-state="ready"]')).toHaveCount(50, { timeout: 20_000 });
  expect(wasmRequests).toHaveLength(1);
});

test("with scripts off, the partner's fallback link shows", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${PARTNER}/pages/partner.html`);
  await expect(page.getByRole("link", { name: "Opening Asia for Russia" })).toBeVisible();
  await context.close();
});

test("an error is reported to the host page", async ({ page }) => {
  await trackEvents(page);
  await page.goto(`${PARTNER}/pages/partner.html`);
  await page.evaluate((api) => {
    const el = document.createElement("article-embed");
    el.id = "bad";
    el.setAttribute("src", `${api}/missing.json`);
    document.body.append(el);
  }, API);
  await expect(page.locator("#bad")).toHaveAttribute("data-state", "error");
  const events = await page.evaluate(() => window.__events.filter((e) => e.type === "article-embed:error"));
  expect(events).toHaveLength(1);
  expect(events[0].detail).toMatchObject({ kind: "http", status: 404 });
});

test("hostile page CSS changes neither size nor look", async ({ page }) => {
  await page.goto(`${PARTNER}/pages/partner.html`);
  for (const id of ["#one", "#two"]) await expect(page.locator(id)).toHaveAttribute("data-state", "ready");
  const card = page.locator("#one");
  await expect.poll(() => card.locator(".ae-card__img").evaluate((img) => img.complete && img.naturalWidth > 0)).toBe(true);
  const look = () =>
    page.evaluate(() =>
      ["#one", "#two"].flatMap((id) =>
        [...document.querySelector(id).shadowRoot.querySelectorAll("*")].map((el) => {
          const s = getComputedStyle(el);
          return [el.localName, el.className, s.display, s.fontFamily, s.fontSize, s.fontWeight, s.fontStyle,
            s.lineHeight, s.letterSpacing, s.textTransform, s.color, s.backgroundColor, s.borderTopWidth,
            s.paddingTop, s.filter, s.width, s.height].join("|");
        }),
      ),
    );
  const before = { box: await card.boundingBox(), look: await look(), full: (await page.locator("#two").boundingBox()).height };
  await page.addStyleTag({
    content: `
      * { all: unset !important; }
      html, body { font: italic 40px/3 "Comic Sans MS", cursive !important; color: red !important; }
      article-embed { font-size: 30px !important; color: red !important; background: yellow !important;
        padding: 60px !important; border: 10px dashed lime !important; width: 300px !important;
        display: inline !important; letter-spacing: 4px !important; line-height: 5 !important; }
      img { filter: invert(1) !important; width: 10px !important; }
      a { color: magenta !important; }`,
  });
  await page.waitForTimeout(200);
  const after = { box: await card.boundingBox(), look: await look(), full: (await page.locator("#two").boundingBox()).height };
  expect(after.box.width).toBe(before.box.width);
  expect(after.box.height).toBe(before.box.height);
  expect(after.full).toBe(before.full);
  // The look: every element's computed style inside both shadow roots.
  expect(after.look).toEqual(before.look);
  // Nothing of the widget's CSS reaches the page.
  const h1 = await page.locator("h1").evaluate((el) => getComputedStyle(el).fontFamily);
  expect(h1).toContain("Comic Sans");
});

test("a strict CSP page renders the embed with no violation", async ({ page }) => {
  await trackEvents(page);
  const policy = [
    "default-src 'none'",
    `script-src ${CDN} 'wasm-unsafe-eval'`,
    `style-src ${CDN}`,
    `connect-src ${CDN} ${API}`,
    `img-src ${API}`,
  ].join("; ");
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${PARTNER}/pages/csp.html?csp=${encodeURIComponent(policy)}`);
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
  const embed = page.locator("article-embed");
  await expect(embed.locator(".ae-views")).toHaveText("3 views");
  // Styles applied (adopted stylesheet): the title uses the widget's weight.
  expect(await embed.locator(".ae-title").evaluate((el) => getComputedStyle(el).fontWeight)).toBe("800");
  await embed.locator(".ae-gallery").scrollIntoViewIfNeeded();
  await expect
    .poll(() => embed.locator(".ae-gallery__img").evaluateAll((imgs) => imgs.every((i) => i.complete && i.naturalWidth > 0)))
    .toBe(true);
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  expect(errors).toEqual([]);
});

test("iframe mode: the frame's height follows its content and only its own messages count", async ({ page }) => {
  await page.goto(`${PARTNER}/pages/frame-host.html`);
  const frame = page.frameLocator("iframe");
  await expect(frame.locator("article-embed")).toHaveAttribute("data-state", "ready");
  const iframe = page.locator("iframe");
  const contentHeight = () =>
    page.frames()[1].evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  await expect.poll(async () => Math.abs((await iframe.boundingBox()).height - (await contentHeight()))).toBeLessThanOrEqual(1);
  expect((await iframe.boundingBox()).height).toBeGreaterThan(2000);
  // The content changes height (a narrower frame wraps more): the iframe follows.
  const tall = (await iframe.boundingBox()).height;
  await iframe.evaluate((el) => (el.style.width = "360px"));
  await expect.poll(async () => (await iframe.boundingBox()).height).toBeGreaterThan(tall);
  await expect.poll(async () => Math.abs((await iframe.boundingBox()).height - (await contentHeight()))).toBeLessThanOrEqual(1);
  // A message from anyone else is ignored.
  const settled = (await iframe.boundingBox()).height;
  await page.evaluate(() => window.postMessage({ type: "article-embed:height", height: 5 }, "*"));
  await page.waitForTimeout(200);
  expect((await iframe.boundingBox()).height).toBe(settled);
});

test("removing an element aborts its fetch and empties its shadow root", async ({ page }) => {
  await page.goto(`${PARTNER}/pages/partner.html`);
  const slow = `/slow.json?ms=8000&id=${Date.now()}`;
  await page.evaluate((src) => {
    const el = document.createElement("article-embed");
    el.id = "slow";
    el.setAttribute("src", src);
    document.body.append(el);
  }, API + slow);
  await expect(page.locator("#slow")).toHaveAttribute("data-state", "loading");
  await expect.poll(async () => (await page.request.get(`${API}/hits?key=${encodeURIComponent(slow)}`)).json()).toBe(1);
  const shadowChildren = await page.evaluate(() => {
    const el = document.querySelector("#slow");
    el.remove();
    return el.shadowRoot.childNodes.length;
  });
  expect(shadowChildren).toBe(0);
  await expect
    .poll(async () => (await page.request.get(`${API}/hits?key=${encodeURIComponent("aborted:" + slow)}`)).json())
    .toBe(1);
});
