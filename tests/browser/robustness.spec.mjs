// Bad data and bad networks: every case ends in the article or a specific,
// readable error with a way to try again; never a panic or endless spinner.
import { test, expect } from "@playwright/test";
import { API, show } from "./helpers.mjs";

const seed = () => fetch(`${API}/variant/seed.json`).then((r) => r.json());


test.beforeEach(async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && /panicked|unreachable|RuntimeError/.test(m.text()) && errors.push(m.text()));
  page.__errors = errors;
  await page.goto("/index.html");
});

test.afterEach(async ({ page }) => {
  expect(page.__errors, "no panic, no uncaught error").toEqual([]);
});

const ERROR_CASES = [
  ["an HTML error page", "<!doctype html><html><title>502 Bad Gateway</title></html>", "HTML page instead of JSON"],
  ["truncated JSON", '{"id": "1", "title": "Open', "not valid JSON"],
  ["an empty body", "", "empty body"],
  ["null", "null", "must be an object, but it is null"],
  ["an array", "[1, 2]", "must be an object, but it is an array"],
  ["a number", "42", "must be an object, but it is a number"],
];

for (const [name, body, message] of ERROR_CASES) {
  test(`bad data: ${name}`, async ({ page, request }) => {
    const embed = await show(page, request, body);
    await expect(embed).toHaveAttribute("data-state", "error");
    const alert = embed.getByRole("alert");
    await expect(alert).toContainText("The publisher sent an article this widget cannot read");
    await expect(alert).toContainText(message);
    await expect(alert.getByRole("button", { name: "Try again" })).toBeVisible();
  });
}

test("bad data: required fields missing, of the wrong type, or an invalid date", async ({ page, request }) => {
  const article = await seed();
  const cases = [
    [{ ...article, title: undefined }, 'no "title" field'],
    [{ ...article, body_html: undefined }, 'no "body_html" field'],
    [{ ...article, title: 5 }, '"title" must be a string'],
    [{ ...article, body_html: ["<p>x</p>"] }, '"body_html" must be a string of HTML'],
    [{ ...article, published_at: "29.08.2021" }, '"published_at" is not an RFC 3339 date'],
    [{ ...article, published_at: "2021-02-30T10:00:00Z" }, '"published_at" is not an RFC 3339 date'],
    [{ ...article, url: "ftp://publisher.example/1" }, '"url" is not an http(s) URL'],
  ];
  for (const [doc, message] of cases) {
    const embed = await show(page, request, JSON.stringify(doc));
    await expect(embed.getByRole("alert")).toContainText(message);
  }
});

test("graceful renders: odd view counts, bad images, BOM, invalid UTF-8", async ({ page, request }) => {
  const article = await seed();
  for (const [views, shown] of [[-5, null], [1e300, null], ["47", null], [47.9, "47 views"]]) {
    const embed = await show(page, request, JSON.stringify({ ...article, views }));
    await expect(embed).toHaveAttribute("data-state", "ready");
    if (shown) await expect(embed.locator(".ae-views")).toHaveText(shown);
    else await expect(embed.locator(".ae-views")).toBeHidden();
  }
  const images = [{ alt: "no src" }, { src: "javascript:alert(1)" }, { src: "data:image/png;base64,AAAA" }, { src: "ftp://x/y.jpg" }, article.images[0]];
  // A body without photos: images[] alone makes the grid.
  let embed = await show(page, request, JSON.stringify({ ...article, body_html: "<p>No photos in the text.</p>", images }));
  await expect(embed.locator(".ae-gallery__img")).toHaveCount(1);

  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ ...article, title: "Open#ing" }).replace("#", "\u0001"))]);
  bytes[bytes.indexOf(0x01)] = 0xff; // an invalid UTF-8 byte inside the title
  embed = await show(page, request, bytes);
  await expect(embed).toHaveAttribute("data-state", "ready");
  await expect(embed.locator(".ae-title")).toHaveText("Open\ufffding");
});

test.describe.configure({ timeout: 120_000 });

test("huge inputs: megabytes of body, thousands of images, pathological nesting", async ({ page, request }) => {
  const article = await seed();
  const paragraph = "<p>" + "Lorem ipsum dolor sit amet. ".repeat(40) + "<b>bold</b></p>";
  const bigBody = paragraph.repeat(Math.ceil((2 * 1024 * 1024) / paragraph.length));
  const started = Date.now();
  let embed = await show(page, request, JSON.stringify({ ...article, body_html: bigBody }));
  await expect(embed).toHaveAttribute("data-state", "ready");
  const nodes = await embed.locator(".ae-body").evaluate((el) => el.querySelectorAll("*").length);
  expect(nodes).toBeLessThanOrEqual(20_000);
  expect(Date.now() - started).toBeLessThan(30_000);

  const images = Array.from({ length: 5000 }, (_, i) => ({ src: `/upload/${i}.jpg`, alt: `p${i}` }));
  embed = await show(page, request, JSON.stringify({ ...article, images }));
  await expect(embed.locator(".ae-gallery__img")).toHaveCount(100);

  // Chromium alone needs ~30 s to parse this; the widget bounds nesting first.
  const deep = "<b>".repeat(100_000) + "deep text" + "</b>".repeat(100_000);
  const deepStarted = Date.now();
  embed = await show(page, request, JSON.stringify({ ...article, body_html: deep }));
  expect(Date.now() - deepStarted).toBeLessThan(5_000);
  await expect(embed).toHaveAttribute("data-state", "ready");
  await expect(embed.locator(".ae-body")).toContainText("deep text");

  const deepJson = '{"id":"1","x":' + "[".repeat(5000) + "]".repeat(5000) + "}";
  embed = await show(page, request, deepJson);
  await expect(embed.getByRole("alert")).toBeVisible();
});

test("a broken embed leaves the others on the page working", async ({ page, request }) => {
  const key = `/stash/broken-${Date.now()}.json`;
  await request.put(API + key, { data: "<html>oops" });
  await page.evaluate(([broken, good]) => {
    document.querySelector("main").innerHTML =
      `<article-embed id="bad" src="${broken}"></article-embed><article-embed id="good" src="${good}"></article-embed>`;
  }, [API + key, `${API}/variant/seed.json`]);
  await expect(page.locator("#bad")).toHaveAttribute("data-state", "error");
  await expect(page.locator("#good")).toHaveAttribute("data-state", "ready");
  await page.locator("#good .ae-zoom").first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
});

test("network: transient failures are retried with backoff, then render", async ({ page }) => {
  const id = `flaky-${Date.now()}`;
  await page.evaluate((src) => {
    document.querySelector("main").innerHTML = `<article-embed src="${src}"></article-embed>`;
  }, `${API}/flaky.json?id=${id}&fail=2`);
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready", { timeout: 15_000 });
  const times = await (await page.request.get(`${API}/times?id=${id}`)).json();
  expect(times).toHaveLength(3);
  expect(times[1] - times[0]).toBeGreaterThanOrEqual(450);
  expect(times[2] - times[1]).toBeGreaterThanOrEqual(950);
});

test("network: 429 honours Retry-After", async ({ page }) => {
  const id = `rate-${Date.now()}`;
  await page.evaluate((src) => {
    document.querySelector("main").innerHTML = `<article-embed src="${src}"></article-embed>`;
  }, `${API}/flaky.json?id=${id}&fail=1&code=429&retry_after=2`);
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready", { timeout: 15_000 });
  const times = await (await page.request.get(`${API}/times?id=${id}`)).json();
  expect(times).toHaveLength(2);
  expect(times[1] - times[0]).toBeGreaterThanOrEqual(1900);
});

test("network: 404 is not retried; 5xx gives up after bounded retries, then Try again works", async ({ page }) => {
  const missing = `/status?code=404&id=${Date.now()}`;
  await page.evaluate((src) => {
    document.querySelector("main").innerHTML = `<article-embed src="${src}"></article-embed>`;
  }, API + missing);
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "error");
  await page.waitForTimeout(1200);
  expect(await (await page.request.get(`${API}/hits?key=${encodeURIComponent(missing)}`)).json()).toBe(1);

  const id = `down-${Date.now()}`;
  await page.evaluate((src) => {
    document.querySelector("main").innerHTML = `<article-embed src="${src}"></article-embed>`;
  }, `${API}/flaky.json?id=${id}&fail=4&code=500`);
  const embed = page.locator("article-embed");
  await expect(embed).toHaveAttribute("data-state", "error", { timeout: 15_000 });
  await expect(embed.getByRole("alert")).toContainText("answered with an error (500)");
  expect(await (await page.request.get(`${API}/times?id=${id}`)).json()).toHaveLength(4);
  await embed.getByRole("button", { name: "Try again" }).click();
  await expect(embed).toHaveAttribute("data-state", "ready");
});

test("network: a timeout ends in the error state; slow but good answers render", async ({ page }) => {
  const started = Date.now();
  await page.evaluate((src) => {
    document.querySelector("main").innerHTML = `<article-embed timeout="1" src="${src}"></article-embed>`;
  }, `${API}/slow.json?ms=20000&id=${Date.now()}`);
  const embed = page.locator("article-embed");
  await expect(embed).toHaveAttribute("data-state", "error", { timeout: 10_000 });
  await expect(embed.getByRole("alert")).toContainText("took too long");
  await expect(embed.getByRole("alert")).toContainText("no answer within 1 s");
  // Two attempts in a 2 s budget (twice the timeout), then the message.
  expect(Date.now() - started).toBeLessThan(4_000);

  await page.evaluate((src) => {
    document.querySelector("main").innerHTML = `<article-embed src="${src}"></article-embed>`;
  }, `${API}/slow.json?ms=3000&id=${Date.now()}`);
  await expect(embed.locator(".ae-skeleton")).toBeVisible();
  await expect(embed).toHaveAttribute("data-state", "ready", { timeout: 10_000 });
});

test("network: a refused connection is a network error with Try again", async ({ page }) => {
  await page.evaluate(() => {
    document.querySelector("main").innerHTML = `<article-embed timeout="2" src="http://127.0.0.1:9/nothing.json"></article-embed>`;
  });
  const embed = page.locator("article-embed");
  await expect(embed).toHaveAttribute("data-state", "error", { timeout: 15_000 });
  await expect(embed.getByRole("alert")).toContainText("The network failed");
  await expect(embed.getByRole("button", { name: "Try again" })).toBeVisible();
});
