// Where partners paste a link: the server's oEmbed answer through the
// consumers' own code. WordPress: Debian's `wordpress` package (unpacked by
// scripts/setup.sh --tests into target/wordpress), its PHP consumer run on
// the answer (tests/wordpress/consume.php), then its wp-embed.js on a partner
// page in Chromium. AMP: the frame's embed-size message.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { API, CDN, PARTNER, axeViolations, partnerPage } from "./helpers.mjs";

const SERVER = `${CDN}/publisher`;
const WORDPRESS = "target/wordpress/usr/share/wordpress";
const NO_WORDPRESS = "target/wordpress is absent (scripts/setup.sh --tests unpacks it): skipped, not passed";
const ARTICLE = "https://publisher.example/news/opening-asia-for-russia/";

/** What WordPress keeps of the server's oEmbed answer for `url`, as a post shows it. */
async function wordpressKeeps(request, url, extra = "") {
  // What WordPress's discovery asks for (its defaults for a 500 px column).
  const answer = await request.get(`${SERVER}/oembed?url=${encodeURIComponent(url)}&maxwidth=500&maxheight=750&dnt=1${extra}`);
  expect(answer.status()).toBe(200);
  const json = await answer.text();
  const kept = execFileSync("php", ["tests/wordpress/consume.php", WORDPRESS, url], { input: json }).toString();
  return { answer: JSON.parse(json), kept };
}

/** A partner's post (its own origin) with `html` and WordPress's wp-embed.js. */
async function wordpressPost(page, request, html) {
  const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await request.put(`${PARTNER}/stash/wp-embed-${id}.js`, { data: readFileSync(`${WORDPRESS}/wp-includes/js/wp-embed.js`) });
  const doc = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A partner's WordPress post</title></head><body>` +
    `<main><article><h1>Partner post</h1><p>Our partner's article:</p>${html}<p>After the embed.</p></article></main>` +
    `<script src="${PARTNER}/stash/wp-embed-${id}.js?type=${encodeURIComponent("text/javascript")}"></script></body></html>`;
  await request.put(`${PARTNER}/stash/post-${id}.html`, { data: doc });
  await page.goto(`${PARTNER}/stash/post-${id}.html?type=${encodeURIComponent("text/html")}`);
}

test.describe("WordPress", () => {
  test.skip(!existsSync(`${WORDPRESS}/wp-includes/embed.php`), NO_WORDPRESS);

  test("the oEmbed answer survives WordPress's filter: a headline in a blockquote, then the frame, sandboxed", async ({ request }) => {
    const { answer, kept } = await wordpressKeeps(request, ARTICLE);
    expect(answer).toMatchObject({ type: "rich", version: "1.0", title: "Opening Asia for Russia", width: 500, cache_age: 3600 });
    expect(answer.height).toBeLessThanOrEqual(750);
    expect(answer.provider_url).toMatch(/^https?:\/\//);
    expect(kept).toMatch(/^<blockquote class="wp-embedded-content" data-secret="[A-Za-z0-9]{10}"><a href="https:\/\/publisher\.example\/news\/opening-asia-for-russia\/">Opening Asia for Russia<\/a><\/blockquote>/);
    expect(kept).toContain('<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted"');
    expect(kept).toMatch(/src="http:\/\/127\.0\.0\.1:4601\/publisher\/frame\.html\?src=[^"]+#\?secret=[A-Za-z0-9]{10}"/);
    // The element form (for consumers that run scripts) is what WordPress
    // drops whole: a post would show the bare URL.
    const element = await wordpressKeeps(request, ARTICLE, "&embed=element");
    expect(element.kept).toBe("false");
  });

  test("in a post with wp-embed.js: the frame renders the article under the sandbox, shows itself at its height, and a link reaches the top window", async ({ page, request }) => {
    const { kept } = await wordpressKeeps(request, ARTICLE);
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    await wordpressPost(page, request, kept);
    const frame = page.locator("iframe.wp-embedded-content");
    await expect(page.frameLocator("iframe.wp-embedded-content").locator("article-embed")).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    // wp-embed.js heard the height: the iframe is no longer clipped, the
    // blockquote is hidden, and the height is the content's (WordPress
    // allows 200 to 1,000 px; the long seed takes them all, and scrolls).
    await expect(frame).not.toHaveAttribute("style", /clip/);
    await expect(page.locator("blockquote.wp-embedded-content")).toBeHidden();
    await expect.poll(async () => Number(await frame.getAttribute("height"))).toBe(1000);
    const box = await frame.boundingBox();
    expect(box.height).toBeGreaterThan(900);
    await expect(page.frameLocator("iframe.wp-embedded-content").locator("article-embed .ae-title")).toHaveText("Opening Asia for Russia");
    await page.screenshot({ path: "test-results/platforms/wordpress-post.png" });
    // The reader follows the article's own link: through wp-embed.js, on
    // the frame's host (/go), to the article's page in the top window.
    await page.route("https://publisher.example/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>Publisher</title><h1>The publisher's page</h1>" }));
    await page.frameLocator("iframe.wp-embedded-content").locator("article-embed a.ae-source").click();
    await expect(page).toHaveURL(ARTICLE, { timeout: 10_000 });
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});

test("/go redirects only to pages of articles the server has served; any other link is a page to click through", async ({ request }) => {
  // Served (so archived) by the oEmbed test's lookup, or now:
  await request.get(`${SERVER}/oembed?url=${encodeURIComponent(ARTICLE)}`);
  const go = (to) => request.get(`${SERVER}/go?to=${encodeURIComponent(to)}`, { maxRedirects: 0 });
  for (const spelling of [ARTICLE, "http://www.publisher.example/news/opening-asia-for-russia?utm_source=wp"]) {
    const answer = await go(spelling);
    expect(answer.status()).toBe(302);
    expect(answer.headers()["location"]).toBe(ARTICLE);
  }
  const elsewhere = await go("https://evil.example/phish?x=<script>");
  expect(elsewhere.status()).toBe(200);
  expect(elsewhere.headers()["location"]).toBeUndefined();
  const body = await elsewhere.text();
  expect(body).toContain('href="https://evil.example/phish?x=%3Cscript%3E"');
  expect(body).not.toContain("<script>");
  expect(elsewhere.headers()["content-security-policy"]).toContain("default-src 'none'");
  for (const bad of ["javascript:alert(1)", "data:text/html,x", "//evil.example", ""]) {
    expect((await go(bad)).status(), bad).toBe(400);
  }
});

test("AMP: the frame tells an amp-iframe its height (embed-size)", async ({ page, request }) => {
  const src = `${SERVER}/api/articles/seed`;
  const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const doc = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AMP host</title></head><body>` +
    `<iframe title="Article" style="width:100%;height:300px;border:0" sandbox="allow-scripts allow-same-origin" src="${CDN}/frame.html?src=${encodeURIComponent(src)}"></iframe>` +
    `<script>window.sizes = []; addEventListener("message", (e) => { if (e.data && e.data.sentinel === "amp") window.sizes.push(e.data); });</script></body></html>`;
  await request.put(`${PARTNER}/stash/amp-${id}.html`, { data: doc });
  await page.goto(`${PARTNER}/stash/amp-${id}.html?type=${encodeURIComponent("text/html")}`);
  await expect(page.frameLocator("iframe").locator("article-embed")).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect.poll(() => page.evaluate(() => window.sizes.at(-1)?.height ?? 0)).toBeGreaterThan(2000);
  expect(await page.evaluate(() => window.sizes.at(-1).type)).toBe("embed-size");
});

test.describe("the article's page to share", () => {
  test.use({ bypassCSP: true });

  test("OpenGraph and Twitter tags, canonical, oEmbed discovery, and a card that needs no script", async ({ browser, request }) => {
    const url = `${SERVER}/a/seed`;
    const answer = await request.get(url);
    expect(answer.status()).toBe(200);
    expect(answer.headers()["content-security-policy"]).toContain("default-src 'none'");
    // As a link preview reads it: scripts off.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url);
    const meta = (property) => page.locator(`meta[property="${property}"], meta[name="${property}"]`).getAttribute("content");
    expect(await meta("og:type")).toBe("article");
    expect(await meta("og:title")).toBe("Opening Asia for Russia");
    expect(await meta("og:url")).toBe(ARTICLE);
    expect(await meta("og:description")).toMatch(/^Strategic communications between China and Russia/);
    expect(await meta("og:image")).toMatch(/^http:\/\/127\.0\.0\.1:4601\/upload\//);
    expect(await meta("article:published_time")).toBe("2021-08-29T10:15:00+03:00");
    expect(await meta("twitter:card")).toBe("summary_large_image");
    expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toBe(ARTICLE);
    const discovery = await page.locator('link[type="application/json+oembed"]').getAttribute("href");
    const oembed = await request.get(discovery);
    expect(oembed.status()).toBe(200);
    expect((await oembed.json()).title).toBe("Opening Asia for Russia");
    // The card, drawn by the server.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Opening Asia for Russia");
    await expect(page.locator("main time")).toHaveAttribute("datetime", "2021-08-29T10:15:00+03:00");
    await expect(page.locator("main img")).toBeVisible();
    await expect(page.getByRole("link", { name: /^Read the article/ })).toHaveAttribute("href", ARTICLE);
    await page.screenshot({ path: "test-results/platforms/article-page.png" });
    await context.close();
    // And it is accessible.
    const checked = await browser.newContext({ bypassCSP: true });
    const a11y = await checked.newPage();
    await a11y.goto(url);
    const { axeViolations } = await import("./helpers.mjs");
    expect(await axeViolations(a11y)).toEqual([]);
    await checked.close();
  });

  test("a withdrawn or unknown article's page says so, with its status", async ({ request }) => {
    expect((await request.get(`${SERVER}/a/nothing-here`)).status()).toBe(404);
    const hostile = await request.get(`${SERVER}/a/news?item=${encodeURIComponent("https://publisher.example/<script>alert(1)</script>")}`);
    expect(hostile.status()).toBe(404);
    expect(await hostile.text()).not.toContain("<script>alert");
  });
});

test("the frame shows the article's card with scripts off (RSS readers, sandbox=\"\"), and the widget over it with scripts on", async ({ browser }) => {
  const frame = `${SERVER}/frame.html?src=${encodeURIComponent(`${SERVER}/api/articles/seed`)}`;
  const off = await browser.newContext({ javaScriptEnabled: false });
  const page = await off.newPage();
  await page.goto(frame);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Opening Asia for Russia");
  await expect(page.locator("main img")).toBeVisible();
  await expect(page.getByRole("link", { name: /^Read the article/ })).toHaveAttribute("href", ARTICLE);
  await page.screenshot({ path: "test-results/platforms/frame-no-script.png" });
  await off.close();
  const on = await browser.newPage();
  await on.goto(frame);
  await expect(on.locator("article-embed")).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  // The card is the element's fallback now: in its light DOM, not shown.
  await expect(on.locator("article-embed > article.ae-card")).toHaveCount(1);
  await expect(on.locator("article-embed > article.ae-card")).toBeHidden();
  await expect(on.locator("article-embed .ae-title")).toHaveText("Opening Asia for Russia");
  await on.close();
});

test.describe("consent first", () => {
  /** An article on the publisher's origin (API), with a photo and a view URL there. */
  async function article(request, id) {
    const doc = {
      id, url: `https://publisher.example/news/${id}`, title: `Consent ${id}`, published_at: "2024-01-01T00:00:00Z",
      body_html: "<p>The article's words.</p>", images: [{ src: `${API}/media/${id}.jpg`, alt: "A photo" }], views: 1, views_url: `${API}/views/${id}`,
    };
    const key = `/stash/consent-${id}-${Date.now()}`;
    await request.put(API + key, { data: JSON.stringify(doc) });
    return API + key;
  }
  /** Every request the page makes to the publisher's origin. */
  const publisherRequests = (page) => {
    const seen = [];
    page.on("request", (r) => r.url().startsWith(API) && seen.push(`${r.method()} ${r.url()}`));
    return seen;
  };

  test('consent="click": nothing is asked of the publisher until the reader presses the button', async ({ page, request }) => {
    const src = await article(request, "click");
    const asked = publisherRequests(page);
    await partnerPage(page, request, `<article-embed lang="ru" consent="click" src="${src}"><a href="https://publisher.example/news/click">Headline from the snippet</a></article-embed><p>After.</p>`);
    const embed = page.locator("article-embed");
    await expect(embed).toHaveAttribute("data-state", "consent");
    // The partner's fallback stays, with the button naming the publisher, in the reader's language.
    await expect(embed.locator("a")).toHaveText("Headline from the snippet");
    const button = page.getByRole("button", { name: "Показать статью с сайта 127.0.0.1:4602" });
    await expect(button).toBeVisible();
    expect(await axeViolations(page, ["wcag2a", "wcag2aa"])).toEqual([]);
    await page.waitForTimeout(1500);
    expect(asked).toEqual([]);
    // From the keyboard: the article comes, focus stays on it.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(button).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(embed).toHaveAttribute("data-state", "ready");
    await expect(embed.locator(".ae-title")).toHaveText("Consent click");
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe("article-embed");
    await expect(button).toHaveCount(0);
    expect(asked.some((r) => r.startsWith(`GET ${src}`))).toBe(true);
    // Asked again on the next page view.
    await page.reload();
    await expect(embed).toHaveAttribute("data-state", "consent");
  });

  test('consent="session": one press shows every embed of that publisher, for the rest of the tab\'s session', async ({ page, request }) => {
    const [one, two] = [await article(request, "s1"), await article(request, "s2")];
    const asked = publisherRequests(page);
    await partnerPage(page, request, `<article-embed consent="session" src="${one}"></article-embed><article-embed consent="session" src="${two}"></article-embed>`);
    await expect(page.locator("article-embed[data-state=consent]")).toHaveCount(2);
    expect(asked).toEqual([]);
    await page.getByRole("button", { name: "Show the article from 127.0.0.1:4602" }).first().click();
    await expect(page.locator("article-embed[data-state=ready]")).toHaveCount(2);
    await page.reload();
    await expect(page.locator("article-embed[data-state=ready]")).toHaveCount(2);
    await expect(page.locator("button.article-embed-consent")).toHaveCount(0);
    // Another tab is another session.
    const other = await page.context().newPage();
    await other.goto(page.url());
    await expect(other.locator("article-embed[data-state=consent]")).toHaveCount(2);
    await other.close();
  });

  test("a frame asking for consent first has no src until the reader presses the button", async ({ page, request }) => {
    const frameUrl = `${CDN}/frame.html?src=${encodeURIComponent(await article(request, "frame"))}`;
    const framed = [];
    page.on("request", (r) => r.url().includes("/frame.html") && framed.push(r.url()));
    const asked = publisherRequests(page);
    await partnerPage(page, request, `<iframe data-article-embed-frame data-consent="click" data-src="${frameUrl}" data-href="https://publisher.example/news/frame" title="Article: A framed one" width="100%" height="600" frameborder="0" hidden></iframe><script src="${CDN}/frame-parent.js" defer></script>`);
    const button = page.getByRole("button", { name: "Show the article from 127.0.0.1:4601" });
    await expect(button).toBeVisible();
    await expect(page.getByRole("link", { name: "Article: A framed one" })).toHaveAttribute("href", "https://publisher.example/news/frame");
    await page.waitForTimeout(1000);
    expect([framed, asked]).toEqual([[], []]);
    await button.click();
    const frame = page.frameLocator("iframe[data-article-embed-frame]");
    await expect(frame.locator("article-embed")).toHaveAttribute("data-state", "ready");
    await expect(frame.locator("article-embed .ae-title")).toHaveText("Consent frame");
    await expect(button).toHaveCount(0);
  });
});
