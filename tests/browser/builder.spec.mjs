// The snippet builder: choices kept in its address, a live preview with the
// real widget, and snippets that work when pasted into a page on another
// origin, under the Content Security Policy the builder says it needs.
import { test, expect } from "@playwright/test";
import { API, CDN, FORMAT, HAS_CORPORA, NEWS_RSS, NO_CORPORA, PARTNER, axeViolations } from "./helpers.mjs";

const RSS = NEWS_RSS;

async function openBuilder(page, query = "") {
  await page.goto(`${CDN}/builder.html${query}`);
  await expect(page.getByRole("heading", { name: "Snippet builder" })).toBeVisible();
}

const snippet = (page, id) => page.locator(`#${id}`).textContent();

/** Serves `html` as a page on the partner's origin, with `csp` as its header. */
async function pasteOnPartner(page, html, csp) {
  const key = `/stash/pasted-${Date.now()}.html`;
  const doc = `<!doctype html><html lang="en"><head><title>Partner</title></head><body><h1>Partner</h1>${html}</body></html>`;
  await page.request.put(PARTNER + key, { data: doc });
  const violations = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(`${PARTNER}${key}?type=${encodeURIComponent("text/html")}&csp=${encodeURIComponent(csp)}`);
  return violations;
}

test("choices live in the address; the preview is the real widget; the element snippet works on another origin", async ({ page }) => {
  await openBuilder(page);
  await page.getByLabel("Article or feed URL").fill(RSS);
  await page.getByLabel("Article or feed URL").press("Enter");
  await page.getByLabel("Theme").selectOption("dark");
  await page.getByLabel("Layout").selectOption("card");
  await page.getByLabel("Accent colour").fill("#aa3300");
  const preview = page.locator("#preview article-embed");
  await expect(preview).toHaveAttribute("data-state", "ready");
  await expect(preview.locator(".ae-title")).toHaveText("Opening Asia for Russia");
  await expect(page.locator("#status")).toHaveText("Loaded: Opening Asia for Russia");
  // The address keeps the choices: a shared link opens the same builder.
  expect(new URL(page.url()).searchParams.get("layout")).toBe("card");
  const shared = page.url();
  await page.goto(shared);
  await expect(page.getByLabel("Layout")).toHaveValue("card");
  await expect(page.getByLabel("Article or feed URL")).toHaveValue(RSS);
  await expect(preview).toHaveAttribute("data-state", "ready");

  const element = await snippet(page, "element-snippet");
  // The fallback link is the loaded article's own.
  expect(element).toContain('<a href="https://publisher.example/news/opening-asia-for-russia/">Opening Asia for Russia</a>');
  const css = await snippet(page, "css-snippet");
  expect(css).toContain("--ae-color-accent: #aa3300;");
  const csp = (await snippet(page, "csp-snippet")).split("\n")[0].replace(/^Content-Security-Policy: /, "");

  // Pasted on the partner's origin, under exactly that policy.
  const violations = await pasteOnPartner(page, element, `default-src 'none'; ${csp}`);
  const pasted = page.locator("article-embed");
  await expect(pasted).toHaveAttribute("data-state", "ready");
  await expect(pasted.locator(".ae-title")).toHaveText("Opening Asia for Russia");
  await expect(pasted).toHaveAttribute("layout", "card");
  await expect(pasted).toHaveAttribute("theme", "dark");
  expect(violations).toEqual([]);
});

test("the iframe snippet works on another origin, titled with the article", async ({ page }) => {
  await openBuilder(page, `?src=${encodeURIComponent(RSS)}&item=${encodeURIComponent("news-container-terminal")}&radius=0`);
  await expect(page.locator("#preview article-embed")).toHaveAttribute("data-state", "ready");
  await expect(page.locator("#status")).toHaveText("Loaded: A new container terminal opens at the port");
  const iframe = await snippet(page, "iframe-snippet");
  expect(iframe).toContain('title="Article: A new container terminal opens at the port"');
  const frameCsp = (await snippet(page, "csp-snippet")).match(/frame-src [^;)]+/)[0];
  const violations = await pasteOnPartner(page, iframe, `default-src 'none'; ${frameCsp}; script-src ${CDN}`);
  const frame = page.frameLocator("iframe[data-article-embed-frame]");
  await expect(frame.locator("article-embed .ae-title")).toHaveText("A new container terminal opens at the port");
  // The look travels with it.
  const radius = await frame.locator("article-embed").evaluate((el) => getComputedStyle(el).getPropertyValue("--ae-radius"));
  expect(radius.trim()).toBe("0px");
  // frame-parent.js sizes the iframe to its content.
  await expect.poll(() => page.locator("iframe").evaluate((f) => f.getBoundingClientRect().height)).not.toBe(600);
  expect(violations).toEqual([]);
});

test("the AMP snippet frames the same article in a resizable amp-iframe; an article from the publisher's server has a link to share", async ({ page, request }) => {
  const src = `${CDN}/publisher/api/articles/news?item=${encodeURIComponent("https://publisher.example/news/container-terminal/")}`;
  await openBuilder(page, `?src=${encodeURIComponent(src)}`);
  await expect(page.locator("#preview article-embed")).toHaveAttribute("data-state", "ready");
  const amp = await snippet(page, "amp-snippet");
  expect(amp).toMatch(/^<amp-iframe width="600" height="800" layout="responsive" resizable\n/);
  expect(amp).toContain('title="Article: A new container terminal opens at the port"');
  expect(amp).toContain("<div overflow tabindex=\"0\" role=\"button\"");
  expect(amp).toContain("<div placeholder>A new container terminal opens at the port</div>");
  const iframeSrc = (await snippet(page, "iframe-snippet")).match(/src="([^"]+)"/)[1];
  expect(amp).toContain(`src="${iframeSrc}"`);
  // The publisher's server has a page for it: the link to share.
  await expect(page.locator("#share-block")).toBeVisible();
  const share = await snippet(page, "share-snippet");
  expect(share).toBe(`${CDN}/publisher/a/news?item=${encodeURIComponent("https://publisher.example/news/container-terminal/")}`);
  const shared = await request.get(share);
  expect(shared.status()).toBe(200);
  expect(await shared.text()).toContain('<meta property="og:title" content="A new container terminal opens at the port">');
  // A document from elsewhere has no such page.
  await openBuilder(page, `?src=${encodeURIComponent(RSS)}`);
  await expect(page.locator("#share-block")).toBeHidden();
});

test("the builder works from the keyboard, and copies", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: CDN });
  await openBuilder(page, `?src=${encodeURIComponent(RSS)}`);
  await expect(page.locator("#preview article-embed")).toHaveAttribute("data-state", "ready");
  const copy = page.getByRole("button", { name: "Copy the element snippet" });
  // Reachable with Tab.
  for (let i = 0; i < 40 && !(await copy.evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(copy).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#copied")).toHaveText("Copied: the element snippet.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await snippet(page, "element-snippet"));
});

test.describe("accessibility", () => {
  // axe is injected as a script, which the builder's own strict policy refuses.
  test.use({ bypassCSP: true });
  test("the builder and its preview are axe clean", async ({ page }) => {
    await openBuilder(page, `?src=${encodeURIComponent(RSS)}&theme=dark`);
    await expect(page.locator("#preview article-embed")).toHaveAttribute("data-state", "ready");
    expect(await axeViolations(page)).toEqual([]);
  });
});

for (const [format, file, title] of [
  ["WordPress", "wordpress-post.json", "Markup: Image Alignment – it’s <em>aligned</em> & sized"],
  ["Ghost", "ghost-posts.json", "Image Sizing"],
  ["JSON Feed", "feed.json", "Markup: HTML Tags and Formatting"],
  ["Atom", "feed.atom", "HTML Tags, Markdown, and Formatting"],
]) {
  test(`a ${format} URL gives an element snippet that works on a partner's page`, async ({ page }) => {
    test.skip(!HAS_CORPORA, NO_CORPORA);
    await openBuilder(page, `?src=${encodeURIComponent(FORMAT(file))}`);
    await expect(page.locator("#status")).toHaveText(`Loaded: ${title}`);
    const element = await snippet(page, "element-snippet");
    const csp = (await snippet(page, "csp-snippet")).split("\n")[0].replace(/^Content-Security-Policy: /, "");
    const violations = await pasteOnPartner(page, element, `default-src 'none'; ${csp}`);
    await expect(page.locator("article-embed .ae-title")).toHaveText(title);
    expect(violations).toEqual([]);
  });
}

test.describe("hostile builder links and articles", () => {
  test("a javascript: (or data:) src never reaches a snippet", async ({ page }) => {
    for (const src of ["javascript:alert(1)//", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", " javascript:alert(1)"]) {
      await openBuilder(page, `?src=${encodeURIComponent(src)}`);
      await expect(page.locator("#status")).toHaveText(/Only http\(s\) URLs can be embedded/);
      for (const id of ["element-snippet", "iframe-snippet", "amp-snippet", "share-snippet", "csp-snippet"]) {
        expect(await snippet(page, id)).toBe("");
      }
      await expect(page.locator("#preview article-embed")).not.toHaveAttribute("src", /.+/);
    }
  });

  test("the printed policy lists every image host (src, srcset, <source>) and only valid origins", async ({ page, request }) => {
    const photo = "/upload/medialibrary/1e7/1e7158295d12b403ae475784d00b154e.jpg";
    const other = "/upload/medialibrary/468/468aeb60d282ba30034327b9d43fd256.jpg";
    const doc = {
      id: "hosts", url: "https://publisher.example/news/hosts", title: "Three image hosts",
      published_at: "2021-08-29T10:15:00+03:00",
      body_html:
        `<p><img src="http://localhost:4601${photo}" alt="From the first host" width="400" height="300"></p>` +
        `<picture><source srcset="http://localhost:4602${other} 800w" type="image/jpeg"><img src="${photo}" alt="Picked from the source" width="400" height="300"></picture>` +
        // A host that is not an origin: never printed into the policy.
        `<p><img src="http://a;script-src/x.jpg" alt="Not an origin"></p>`,
      images: [{ src: `${photo}?grid`, alt: "Grid", srcset: [{ src: `http://localhost:4603${other}`, width: 1600 }] }],
    };
    const key = `/stash/hosts-${Date.now()}.json`;
    await request.put(API + key, { data: JSON.stringify(doc) });
    await openBuilder(page, `?src=${encodeURIComponent(API + key)}`);
    await expect(page.locator("#status")).toHaveText("Loaded: Three image hosts");
    const policy = (await snippet(page, "csp-snippet")).split("\n")[0].replace(/^Content-Security-Policy: /, "");
    const imgSrc = policy.match(/img-src ([^;]+)/)[1].split(" ");
    expect(imgSrc.sort()).toEqual([API, "http://localhost:4601", "http://localhost:4602", "http://localhost:4603"].sort());
    expect(policy.split(";").map((d) => d.trim().split(" ")[0])).toEqual(["script-src", "style-src", "connect-src", "img-src"]);
    expect(policy).not.toContain(",");

    const element = await snippet(page, "element-snippet");
    const violations = await pasteOnPartner(page, element, `default-src 'none'; ${policy}`);
    const pasted = page.locator("article-embed");
    await expect(pasted).toHaveAttribute("data-state", "ready");
    // The two valid hosts' pictures are shown; only the non-origin one is refused.
    for (const alt of ["From the first host", "Picked from the source"]) {
      const img = pasted.locator(`img[alt="${alt}"]`);
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((i) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
    }
    expect(await pasted.locator('img[alt="Picked from the source"]').evaluate((i) => i.currentSrc)).toContain("localhost:4602");
    expect(violations.filter((v) => !v.includes("a;script-src"))).toEqual([]);
  });
});

test("asking for consent first: the preview shows the button, both snippets ask before they load, pasted on another origin", async ({ page }) => {
  await openBuilder(page, `?src=${encodeURIComponent(RSS)}&item=${encodeURIComponent("news-container-terminal")}`);
  await expect(page.locator("#preview article-embed")).toHaveAttribute("data-state", "ready");
  await page.getByLabel("Before the article loads").selectOption("click");
  expect(page.url()).toContain("consent=click");
  // The preview is what readers see: the button first, the article after it.
  const preview = page.locator("#preview article-embed");
  await expect(preview).toHaveAttribute("data-state", "consent");
  await preview.locator("button.article-embed-consent").click();
  await expect(preview).toHaveAttribute("data-state", "ready");
  const element = await snippet(page, "element-snippet");
  expect(element).toContain('consent="click"');
  const iframe = await snippet(page, "iframe-snippet");
  expect(iframe).toMatch(/data-consent="click"\n  data-src="[^"]+"\n  data-href="https:\/\/[^"]+"\n/);
  expect(iframe.split("</iframe>")[0]).not.toMatch(/\ssrc="/);
  expect(iframe).not.toContain("consent%3D");
  expect(iframe).toContain(" hidden></iframe>");
  // Pasted: nothing loads until the reader presses the button.
  const frameCsp = (await snippet(page, "csp-snippet")).match(/frame-src [^;)]+/)[0];
  const framed = [];
  page.on("request", (r) => r.url().includes("/frame.html") && framed.push(r.url()));
  const violations = await pasteOnPartner(page, iframe, `default-src 'none'; ${frameCsp}; script-src ${CDN}`);
  await page.getByRole("button", { name: /^Show the article from / }).click();
  await expect(page.frameLocator("iframe[data-article-embed-frame]").locator("article-embed .ae-title")).toHaveText("A new container terminal opens at the port");
  expect(framed).toHaveLength(1);
  expect(violations).toEqual([]);
});
