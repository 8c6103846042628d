// The publisher's dashboard (crates/server/src/dashboard) on the real server
// (playwright.config.mjs starts it with tests/browser/server.toml's token),
// reached through the test server's /publisher/ proxy as the demo reaches it
// through Trunk's. Its figures are checked against the SQLite file itself.
// These tests run in a project of their own, after every other test that
// counts views (playwright.config.mjs): the figures stand still meanwhile.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { CDN, PARTNER, axeViolations, partnerPage } from "./helpers.mjs";

const SERVER = `${CDN}/publisher`;
const DIRECT = "http://127.0.0.1:4604";
const DASHBOARD = `${SERVER}/dashboard/`;
const TOKEN = "browser-tests-dashboard-token";
const DATABASE = "target/browser-tests/views.db";
const SHOTS = "test-results/dashboard";
const ARTICLE = "dashboard-seed";
const READER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/** One value from the server's SQLite file (read while it runs, as WAL allows). */
const sql = (query) => execFileSync("sqlite3", [DATABASE, query]).toString().trim();
const today = () => Math.floor(Date.now() / 86_400_000);
const digits = (text) => Number(text.replace(/\D/g, ""));


async function signIn(page, lang = "en") {
  await page.goto(`${DASHBOARD}?lang=${lang}`);
  await page.getByLabel(lang === "en" ? "Access token" : /.+/).first().fill(TOKEN);
  await page.keyboard.press("Enter");
  await expect(page.locator("strong[data-total]")).toBeVisible();
}

test.describe("the publisher's dashboard @dashboard", () => {
  test.describe.configure({ mode: "serial" });
  // axe is injected as a script; the dashboard's CSP allows none.
  test.use({ bypassCSP: true });

  test("views are counted by partner site: the element's page, a frame's parent, what other clients say", async ({ browser, request }) => {
    // A reader of the element on a partner's page: the page's origin.
    const reader = await browser.newContext({ userAgent: READER });
    const page = await reader.newPage();
    await partnerPage(page, request, `<article-embed src="${SERVER}/api/articles/${ARTICLE}"></article-embed>`);
    const embed = page.locator("article-embed");
    await expect(embed).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    const fromPartner = () =>
      sql(`SELECT COALESCE(SUM(views), 0) FROM article_partner_days WHERE article LIKE '${ARTICLE}%' AND partner = '${PARTNER}'`);
    await expect.poll(fromPartner, { timeout: 15_000 }).toBe("1");
    await reader.close();
    // Another reader, in iframe mode: the frame is the CDN's, the partner
    // is the page around it.
    const framed = await browser.newContext({ userAgent: READER.replace("128.0", "129.0") });
    const outer = await framed.newPage();
    await partnerPage(outer, request, `<iframe title="Article" style="width:100%;height:900px;border:0" src="${CDN}/frame.html?src=${encodeURIComponent(`${SERVER}/api/articles/${ARTICLE}`)}"></iframe>`);
    await expect.poll(fromPartner, { timeout: 20_000 }).toBe("2");
    await framed.close();
    // Other clients: what they say in the body, else their Origin; junk and
    // "null" are an unknown partner. Each a reader of its own.
    const said = [["https://a.example", 3], ["https://B.example:443/page?x=1", 2], ["null", 1], ["javascript:alert(1)", 1]];
    let n = 0;
    for (const [body, times] of said) {
      for (let i = 0; i < times; i++) {
        n++;
        const answer = await request.post(`${DIRECT}/api/views/${ARTICLE}`, {
          headers: { "user-agent": `${READER} #${n}`, "x-forwarded-for": `198.51.100.${n}`, "content-type": "text/plain" },
          data: body,
        });
        expect(answer.status()).toBe(200);
      }
    }
    const byPartner = sql(`SELECT partner || '=' || SUM(views) FROM article_partner_days WHERE article LIKE '${ARTICLE}%' GROUP BY partner ORDER BY partner`);
    expect(byPartner.split("\n")).toEqual(["=2", `${PARTNER}=2`, "https://a.example=3", "https://b.example=2"]);
    // The sums agree: per partner, per article, in all.
    const sums = sql(
      `SELECT (SELECT SUM(views) FROM partner_days) || ' ' || (SELECT SUM(views) FROM article_days) || ' ' || (SELECT SUM(views) FROM site_days) || ' ' || (SELECT SUM(views) FROM article_partner_days)`,
    ).split(" ");
    expect(new Set(sums).size).toBe(1);
  });

  test("without the token: 401 and no figure, for pages and the API", async ({ page, request }) => {
    const answer = await page.goto(DASHBOARD);
    expect(answer.status()).toBe(401);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to the embed dashboard");
    await expect(page.locator("[data-total], table")).toHaveCount(0);
    await page.getByLabel("Access token").fill("not-the-token-at-all-0000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("This token is not valid.");
    await expect(page.locator("[data-total], table")).toHaveCount(0);
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}x` }, { cookie: "ae_dashboard=00" }]) {
      const api = await request.get(`${SERVER}/dashboard/api/articles.csv`, { headers });
      expect(api.status()).toBe(401);
      expect(await api.text()).not.toContain(ARTICLE);
      expect(api.headers()["access-control-allow-origin"]).toBeUndefined();
    }
    const article = await request.get(`${SERVER}/dashboard/article?key=${encodeURIComponent(`${ARTICLE}\nopening-asia-for-russia`)}`);
    expect(article.status()).toBe(401);
  });

  test("signed in: the overview's figures are the database's; sortable tables; an article's page; axe clean in light, dark, on a phone and right to left", async ({ page }) => {
    await signIn(page);
    const from = today() - 29;
    const total = Number(sql(`SELECT COALESCE(SUM(views), 0) FROM site_days WHERE day >= ${from}`));
    expect(total).toBeGreaterThan(0);
    expect(digits(await page.locator("strong[data-total]").textContent())).toBe(total);
    // Top articles: the database's order and figures.
    const top = sql(`SELECT SUM(views) FROM article_days WHERE day >= ${from} GROUP BY article ORDER BY SUM(views) DESC, article LIMIT 5`).split("\n").map(Number);
    const articles = page.locator("#articles tbody tr");
    for (const [i, views] of top.entries()) expect(digits(await articles.nth(i).locator("td").nth(1).textContent())).toBe(views);
    const partners = sql(`SELECT partner || '|' || SUM(views) FROM partner_days WHERE day >= ${from} GROUP BY partner ORDER BY SUM(views) DESC, partner`).split("\n");
    const shown = await page.locator("#partners tbody tr").evaluateAll((rows) =>
      rows.map((r) => `${r.cells[0].querySelector("em") ? "" : r.cells[0].textContent}|${r.cells[1].textContent.replace(/\D/g, "")}`),
    );
    expect(shown).toEqual(partners);
    // The chart: one bar per day, named, its figures as a table.
    await expect(page.locator("svg[role=img] rect.bar")).toHaveCount(30);
    await expect(page.getByRole("img", { name: /Views per day/ })).toBeVisible();
    // Sorting: by views, ascending, from the keyboard; the header says so.
    await page.locator("#partners thead a", { hasText: "Views" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.locator("#partners th[aria-sort]")).toHaveAttribute("aria-sort", "ascending");
    const ascending = await page.locator("#partners tbody td.number:nth-child(2)").allTextContents();
    expect(ascending.map(digits)).toEqual([...ascending.map(digits)].sort((a, b) => a - b));
    // 7 days: a link in the period chooser, current once chosen.
    await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "7 days" }).click();
    await expect(page.getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "page");
    await expect(page.locator("svg[role=img] rect.bar")).toHaveCount(7);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/overview.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // The article's own page: per day and per partner, first and last day.
    await page.locator("#articles a", { hasText: "Opening Asia for Russia" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Opening Asia for Russia");
    const key = new URL(page.url()).searchParams.get("key");
    const mine = key.startsWith(ARTICLE);
    const articleTotal = Number(sql(`SELECT COALESCE(SUM(views), 0) FROM article_days WHERE article = '${key.replace(/'/g, "''")}' AND day >= ${today() - 6}`));
    expect(digits(await page.locator("strong[data-total]").textContent())).toBe(articleTotal);
    if (mine) await expect(page.locator("#partners tbody tr")).toHaveCount(4);
    await page.screenshot({ path: `${SHOTS}/article.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // Dark, a phone, and Arabic (right to left): still axe clean.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${DASHBOARD}?lang=ar`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("مشاهدات التضمينات");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/phone-dark-ar.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  test("the API: the same figures as JSON and CSV, with the token", async ({ request }) => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const json = await (await request.get(`${SERVER}/dashboard/api/partners.json?period=7d`, { headers: auth })).json();
    const from = today() - 6;
    const partners = sql(`SELECT partner || '|' || SUM(views) FROM partner_days WHERE day >= ${from} GROUP BY partner ORDER BY SUM(views) DESC, partner`).split("\n");
    expect(json.rows.map((r) => `${r.partner}|${r.views}`)).toEqual(partners);
    const csv = await request.get(`${SERVER}/dashboard/api/article-partners.csv?period=7d&key=${encodeURIComponent(`${ARTICLE}\nopening-asia-for-russia`)}`, { headers: auth });
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="article-partners-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("partner,views,first_date,last_date");
    const date = new Date(today() * 86_400_000).toISOString().slice(0, 10);
    expect(lines.slice(1).sort()).toEqual([`,2,${date},${date}`, `${PARTNER},2,${date},${date}`, `https://a.example,3,${date},${date}`, `https://b.example,2,${date},${date}`].sort());
    const days = await (await request.get(`${SERVER}/dashboard/api/days.json?from=${date}&to=${date}`, { headers: auth })).json();
    expect(days.rows).toEqual([{ date, views: Number(sql(`SELECT views FROM site_days WHERE day = ${today()}`)) }]);
    expect((await request.get(`${SERVER}/dashboard/api/days.json?from=2024-02-31`, { headers: auth })).status()).toBe(400);
  });
});
