// The widget against the publisher's real server (crates/server, on a
// fresh SQLite file; playwright.config.mjs starts it): a partner page's
// reader counts one view, and the server maps every publishing format as the
// widget does in the browser.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { CDN, FORMAT, HAS_CORPORA, NEWS_RSS, NO_CORPORA, PARTNER, partnerPage } from "./helpers.mjs";

const SERVER = `${CDN}/publisher`;


test.describe("a reader", () => {
  // Headless Chromium says so in its User-Agent, and the server does not
  // count headless browsers: this reader's browser is an ordinary one.
  test.use({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36" });
test("a reader on a partner page counts one view through the publisher's server, once", async ({ page, request }) => {
  await partnerPage(page, request, `<article-embed src="${SERVER}/api/articles/partner-seed"></article-embed>`);
  const embed = page.locator("article-embed");
  await expect(embed).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(embed.locator(".ae-title")).toHaveText("Opening Asia for Russia");
  // The CMS's count, then the reader's view, stored before it is shown.
  await expect(embed.locator(".ae-views")).toHaveText("47 views");
  await expect(embed.locator(".ae-views")).toHaveText("48 views", { timeout: 10_000 });
  // Reading again: the stored count, and no second view.
  await page.reload();
  await expect(embed.locator(".ae-views")).toHaveText("48 views", { timeout: 30_000 });
  await page.waitForTimeout(1_800);
  await expect(embed.locator(".ae-views")).toHaveText("48 views");
  const stored = await (await request.get(`${SERVER}/api/articles/partner-seed`)).json();
  expect(stored.views).toBe(48);
  expect(stored.views_url).toBe(`${SERVER}/api/views/partner-seed`);
});

test("an article the feed no longer lists is embedded from the publisher's archive (the demo's archived.html)", async ({ page, request }) => {
  const src = `${SERVER}/api/articles/news?item=${encodeURIComponent("https://publisher.example/news/grain-terminal-first-ships/")}`;
  // The live feed does not list it.
  const feed = await (await request.get(`${CDN}/api/feeds/news.rss`)).text();
  expect(feed).not.toContain("grain-terminal");
  await page.goto(`${CDN}/archived.html`);
  const embed = page.locator("article-embed");
  await expect(embed).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(embed.locator(".ae-title")).toHaveText("The grain terminal takes its first ships");
  await expect(embed.locator(".ae-body")).toContainText("120,000 tonnes");
  // Any spelling of its link, as partners paste it.
  const shared = `${SERVER}/api/articles/news?item=${encodeURIComponent("http://www.publisher.example/news/grain-terminal-first-ships?utm_source=partner")}`;
  const answer = await request.get(shared);
  expect(answer.status()).toBe(200);
  expect((await answer.json()).title).toBe("The grain terminal takes its first ships");
  expect((await (await request.get(src)).json()).published_at).toBe("2019-05-14T11:30:00+03:00");
});

test("an article the publisher removed: 410, and the widget says so in the reader's language, asks once, offers no retry and keeps the partner's link", async ({ page, request }) => {
  const link = "https://publisher.example/news/container-terminal/";
  const src = `${SERVER}/api/articles/rss?item=${encodeURIComponent(link)}`;
  // Served once, so archived; then withdrawn with the server's own command
  // while it runs (running servers see it within 10 s).
  expect((await request.get(src)).status()).toBe(200);
  execFileSync("target/debug/article-embed-server", ["remove", "--config", "tests/browser/server.toml", "--source", "rss", link]);
  await expect.poll(async () => (await request.get(src)).status(), { timeout: 20_000, intervals: [500] }).toBe(410);
  const asked = [];
  page.on("request", (r) => r.url() === src && asked.push(r.url()));
  const langs = { en: "The publisher has removed this article.", ru: "Издание удалило эту статью.", ar: "أزال الناشر هذه المقالة." };
  await partnerPage(
    page,
    request,
    Object.keys(langs)
      .map((lang) => `<article-embed lang="${lang}" src="${src}"><a href="${link}">The container terminal</a></article-embed>`)
      .join(""),
  );
  const embeds = page.locator("article-embed");
  for (const [i, words] of Object.values(langs).entries()) {
    const embed = embeds.nth(i);
    await expect(embed).toHaveAttribute("data-state", "error", { timeout: 30_000 });
    await expect(embed.getByRole("alert")).toContainText(words);
    await expect(embed.getByRole("button")).toHaveCount(0);
    await expect(page.locator("article-embed > a").nth(i)).toBeVisible();
  }
  // Not asked again: a retry would come 0.5 s after the answer.
  await page.waitForTimeout(1_500);
  expect(asked).toHaveLength(3);
});

test("a publisher with only an RSS feed: the builder's snippet, pasted on a partner page under its CSP, shows the item and counts", async ({ page, request }) => {
  // The server reads the Bitrix-shaped feed; the builder points at its answer.
  const src = `${SERVER}/api/articles/rss`;
  const before = (await (await request.get(src)).json()).views;
  await page.goto(`${CDN}/builder.html?src=${encodeURIComponent(src)}`);
  await expect(page.locator("#preview article-embed")).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  const element = await page.locator("#element-snippet").textContent();
  const csp = (await page.locator("#csp-snippet").textContent()).split("\n")[0].replace(/^Content-Security-Policy: /, "");
  expect(csp).toContain("connect-src");
  // The preview is a reader too: what it counted is the baseline.
  await page.waitForTimeout(1_500);
  const counted = (await (await request.get(src)).json()).views;
  expect(counted - before).toBeLessThanOrEqual(1);

  const key = `/stash/rss-partner-${Date.now()}.html`;
  await request.put(PARTNER + key, {
    data: `<!doctype html><html lang="en"><head><title>Partner</title></head><body><main>${element}</main></body></html>`,
  });
  const violations = [];
  page.on("console", (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  await page.goto(`${PARTNER}${key}?type=${encodeURIComponent("text/html")}&csp=${encodeURIComponent(`default-src 'none'; ${csp}`)}`);
  const embed = page.locator("article-embed");
  await expect(embed).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(embed.locator(".ae-title")).toHaveText("Opening Asia for Russia");
  // Already counted in the builder's preview (same reader, same day): the
  // stored count, not one more; a second browser is a new reader.
  await expect(embed.locator(".ae-views")).toContainText(String(counted));
  const other = await page.context().browser().newPage({ userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15" });
  await other.goto(`${PARTNER}${key}?type=${encodeURIComponent("text/html")}&csp=${encodeURIComponent(`default-src 'none'; ${csp}`)}`);
  await expect(other.locator("article-embed .ae-views")).toContainText(String(counted + 1), { timeout: 15_000 });
  await other.close();
  expect((await (await request.get(src)).json()).views).toBe(counted + 1);
  expect(violations).toEqual([]);
});
});

// Each fixture read twice: by the widget in the browser, and by the server
// (the same Rust mapping, natively, with roxmltree for XML), then shown.
const FORMATS = [
  ["rss", "news.rss", NEWS_RSS],
  ["atom", "feed.atom", FORMAT("feed.atom")],
  ["wordpress", "wordpress-post.json", FORMAT("wordpress-post.json")],
  ["ghost", "ghost-posts.json", FORMAT("ghost-posts.json")],
  ["jsonfeed", "feed.json", FORMAT("feed.json")],
];

for (const [source, file, src] of FORMATS) {
  test(`the server reads ${file} as the widget does`, async ({ page, request }) => {
    // Our own feed is always here; the others are third-party content.
    test.skip(source !== "rss" && !HAS_CORPORA, NO_CORPORA);
    await partnerPage(
      page,
      request,
      `<article-embed id="browser" lang="en" src="${src}"></article-embed>` +
        `<article-embed id="server" lang="en" src="${SERVER}/api/articles/${source}"></article-embed>`,
    );
    for (const id of ["browser", "server"]) {
      await expect(page.locator(`#${id}`)).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    }
    const read = (id) =>
      page.locator(`#${id}`).evaluate((el) => {
        const root = el.shadowRoot;
        const text = (s) => [...root.querySelectorAll(s)].map((n) => n.textContent.trim());
        return {
          title: text(".ae-title"),
          date: [...root.querySelectorAll(".ae-date")].map((t) => t.getAttribute("datetime")),
          author: text(".ae-author"),
          rubrics: text(".ae-rubric"),
          lead: text(".ae-lead"),
          // Without what changes as images load (a placeholder size's mark).
          body: (() => {
            const body = root.querySelector(".ae-body")?.cloneNode(true);
            body?.querySelectorAll("[data-size]").forEach((e) => e.removeAttribute("data-size"));
            return body?.innerHTML ?? "";
          })(),
          images: [...root.querySelectorAll("img")].map((i) => i.getAttribute("src")),
          source: [...root.querySelectorAll(".ae-source")].map((a) => [a.getAttribute("href"), a.textContent]),
        };
      });
    // Long bodies are built in slices after "ready": both are complete.
    await page.waitForTimeout(500);
    const [fromBrowser, fromServer] = [await read("browser"), await read("server")];
    expect(fromBrowser.title[0]?.length).toBeGreaterThan(0);
    expect(fromServer).toEqual(fromBrowser);
  });
}

test.describe("the demo's front page and counted page", () => {
  test.use({ userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" });
  test("the front page counts a second's reading once, through the publisher's server; counted.html shows the same count", async ({ page, request }) => {
    await page.goto("/index.html");
    const embed = page.locator("article-embed");
    await expect(embed).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    await expect(embed.locator(".ae-title")).toHaveText("Opening Asia for Russia");
    const count = async () => Number((await embed.locator(".ae-views").textContent()).replace(/\D/g, ""));
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(47);
    await expect.poll(count, { timeout: 10_000 }).toBe(before + 1);
    expect((await (await request.get(`${SERVER}/api/articles/seed`)).json()).views).toBe(before + 1);
    // The same article on counted.html, the same reader: no second view.
    await page.goto("/counted.html");
    await expect(embed).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    await page.waitForTimeout(1_800);
    expect(await count()).toBe(before + 1);
  });
});
