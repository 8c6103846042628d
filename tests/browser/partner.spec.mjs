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

test("hostile page typography, even !important on the element, does not reach inside", async ({ page }) => {
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
            s.lineHeight, s.letterSpacing, s.wordSpacing, s.textTransform, s.whiteSpace, s.textAlign, s.color,
            s.backgroundColor, s.borderTopWidth, s.paddingTop, s.filter, s.visibility, s.width, s.height].join("|");
        }),
      ),
    );
  const before = { box: await card.boundingBox(), look: await look(), full: (await page.locator("#two").boundingBox()).height };
  // Everything inherited, on the page and on the element itself, !important;
  // and the page's universal reset, which only ever matches the element.
  await page.addStyleTag({
    content: `
      html, body, article-embed { font: italic 40px/3 "Comic Sans MS", cursive !important; color: red !important;
        text-transform: uppercase !important; letter-spacing: 4px !important; word-spacing: 9px !important;
        white-space: pre !important; text-align: right !important; font-weight: 900 !important;
        cursor: wait !important; visibility: visible !important; }
      img { filter: invert(1) !important; width: 10px !important; }
      a { color: magenta !important; }`,
  });
  await page.waitForTimeout(200);
  const after = { box: await card.boundingBox(), look: await look(), full: (await page.locator("#two").boundingBox()).height };
  expect([after.box.width, after.box.height]).toEqual([before.box.width, before.box.height]);
  expect(after.full).toBe(before.full);
  expect(after.look).toEqual(before.look);
  // A universal reset unsets the element's own box (its display becomes
  // inline: the page asked for it), never what is inside.
  await page.addStyleTag({ content: "* { all: unset !important; }" });
  await page.waitForTimeout(200);
  const withoutSize = (rows) => rows.map((row) => row.split("|").slice(0, -2).join("|"));
  expect(withoutSize(await look())).toEqual(withoutSize(before.look));
  // Nothing of the widget's CSS reaches the page.
  const h1 = await page.locator("h1").evaluate((el) => getComputedStyle(el).fontFamily);
  expect(h1).toContain("Comic Sans");
});

test("the partner places the element with ordinary CSS: a centred column, a two-up flex row, a grid span", async ({ page }) => {
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(`${PARTNER}/pages/layout.html`);
  await expect(page.locator('article-embed[data-state="ready"]')).toHaveCount(6);
  const box = (id) => page.locator(id).boundingBox();
  const body = await page.locator("body").boundingBox();

  // article-embed { max-width: 480px; margin: 24px auto }
  const column = await box("#column");
  expect(column.width).toBe(480);
  expect(Math.abs(column.x - (body.x + (body.width - 480) / 2))).toBeLessThan(1);

  // Two embeds as flex: 1 items share the row instead of collapsing.
  const [left, right] = [await box("#flex-a"), await box("#flex-b")];
  const row = await box(".row:not(.row--auto)");
  expect(Math.abs(left.width - right.width)).toBeLessThan(1);
  expect(left.width + right.width).toBeGreaterThan(row.width - 40);
  expect(left.height).toBeLessThan(2 * row.width);
  expect(right.x).toBeGreaterThan(left.x + left.width - 1);

  // A flex item the partner gave no size still has a readable width.
  expect((await box("#flex-auto")).width).toBeGreaterThan(250);

  // grid-column: span 2 of three columns, beside a one-column embed.
  const grid = await box(".grid");
  const [wide, narrow] = [await box("#grid-wide"), await box("#grid-narrow")];
  expect(wide.width).toBeGreaterThan(grid.width * 0.6);
  expect(wide.width).toBeLessThan(grid.width * 0.7);
  expect(narrow.width).toBeGreaterThan(grid.width * 0.28);
  expect(narrow.width).toBeLessThan(grid.width * 0.36);
  expect(Math.abs(wide.y - narrow.y)).toBeLessThan(1);
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
  // The body's inline styles caused no violation, and the alignment they
  // gave still reaches the reader (read from the renamed attribute).
  await expect(embed.locator(".ae-body p").first()).toHaveText("Centred by an inline style.");
  expect(await embed.locator(".ae-body p").first().evaluate((p) => getComputedStyle(p).textAlign)).toBe("center");
  // Styles applied (adopted stylesheet): the title uses the widget's weight.
  expect(await embed.locator(".ae-title").evaluate((el) => getComputedStyle(el).fontWeight)).toBe("800");
  await embed.locator(".ae-zoom img").first().scrollIntoViewIfNeeded();
  await expect
    .poll(() => embed.locator(".ae-zoom img").first().evaluate((i) => i.complete && i.naturalWidth > 0))
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
