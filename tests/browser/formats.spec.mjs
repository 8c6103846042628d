// Publishers embed what they already publish: a real article in each format
// (../shared/corpora/project/formats/README.md) renders with the headline, date,
// rubrics, author, image and body a reader expects; `item` picks a feed's
// item, `format` forces one; anything else says what it is; the attack
// corpus is as harmless in every format as in the contract.
import { test, expect } from "@playwright/test";
import { API, FORMAT, HAS_CORPORA, NO_CORPORA, installScriptTrap } from "./helpers.mjs";
import { BODY_ATTACKS, SWALLOWING_ATTACKS, XML_CHILD_ATTACKS } from "./attacks.mjs";

const formats = FORMAT;

async function embed(page, src, attrs = "") {
  await page.goto("/index.html");
  await page.evaluate(([src, attrs]) => {
    document.querySelector("main").innerHTML = `<h1>Partner</h1><article-embed lang="en" ${attrs} src="${src}"></article-embed>`;
  }, [src, attrs]);
  const el = page.locator("article-embed");
  await expect(el).toHaveAttribute("data-state", /^(ready|error)$/, { timeout: 20_000 });
  return el;
}

/** What a reader sees of the embed. */
const seen = (el) =>
  el.evaluate((host) => {
    const root = host.shadowRoot;
    const all = (s) => [...root.querySelectorAll(s)].map((e) => e.textContent.trim());
    return {
      state: host.dataset.state,
      title: root.querySelector(".ae-title")?.textContent,
      datetime: root.querySelector(".ae-date")?.getAttribute("datetime"),
      rubrics: all(".ae-rubric"),
      author: root.querySelector(".ae-author")?.textContent,
      lead: root.querySelector(".ae-lead")?.textContent,
      body: root.querySelector(".ae-body")?.textContent.replace(/\s+/g, " ").trim(),
      images: root.querySelectorAll(".ae-body img, .ae-gallery img").length,
      source: root.querySelector(".ae-source")?.getAttribute("href"),
      sourceLabel: root.querySelector(".ae-source")?.textContent,
      lang: root.querySelector(".ae-content")?.getAttribute("lang"),
    };
  });

const CASES = [
  {
    name: "a WordPress REST post with _embed",
    file: "wordpress-post.json",
    title: "Markup: Image Alignment – it’s <em>aligned</em> & sized",
    datetime: "2013-01-11T03:15:40.000Z",
    rubrics: ["Markup"],
    author: "By Theme Reviewer",
    lead: "Welcome to image alignment!",
    body: "The best way to demonstrate the ebb and flow",
    source: "https://wpthemetestdata.wordpress.com/2013/01/10/markup-image-alignment/",
  },
  {
    name: "the list WordPress answers for ?slug=",
    file: "wordpress-by-slug.json",
    title: "Markup: Image Alignment – it’s <em>aligned</em> & sized",
    datetime: "2013-01-11T03:15:40.000Z",
    rubrics: ["Markup"],
    author: "By Theme Reviewer",
    body: "The best way to demonstrate",
  },
  {
    name: "a Ghost Content API answer",
    file: "ghost-posts.json",
    title: "Image Sizing",
    datetime: "2018-08-16T14:33:26.000Z",
    rubrics: ["Getting Started"],
    author: "By Ghost",
    lead: "This post is a test of image sizing in Ghost.",
    body: "Welcome to image sizing!",
    source: "https://ghost-theme-unit-test.example/image-sizing/",
  },
  {
    name: "a JSON Feed",
    file: "feed.json",
    title: "Markup: HTML Tags and Formatting",
    datetime: "2013-01-12T03:22:19.000Z",
    rubrics: ["Markup", "Formatting"],
    author: "By Theme Reviewer",
    lead: "Headings, blockquotes, tables, lists and inline elements.",
    body: "Header one",
    publisher: "Theme Unit Test",
  },
  {
    name: "a 1C-Bitrix RSS export with yandex:full-text",
    file: "news.rss",
    title: "Opening Asia for Russia",
    datetime: "2021-08-29T07:15:00.000Z",
    rubrics: ["Economy and business", "Science and education"],
    author: "By Editorial staff",
    lead: "Strategic communications between China and Russia",
    body: "Chinese President Xi Jinping and Russian President",
    source: "https://publisher.example/news/opening-asia-for-russia/",
    publisher: "Publisher demo",
  },
  {
    name: "an Atom feed",
    file: "feed.atom",
    title: "HTML Tags, Markdown, and Formatting",
    datetime: "2018-08-16T14:33:26.000Z",
    rubrics: ["Formatting"],
    author: "By Ghost",
    lead: "Every HTML tag a post may hold.",
    body: "Header one",
    source: "https://ghost-theme-unit-test.example/html-tags-and-formatting/",
    publisher: "Ghost Theme Unit Test",
  },
];

for (const c of CASES) {
  test(`${c.name} renders as the publisher wrote it`, async ({ page }) => {
    test.skip(!HAS_CORPORA, NO_CORPORA);
    const el = await embed(page, formats(c.file));
    const s = await seen(el);
    expect(s.state).toBe("ready");
    expect(s.title).toBe(c.title);
    expect(s.datetime).toBe(c.datetime);
    expect(s.rubrics).toEqual(c.rubrics);
    expect(s.author).toBe(c.author);
    if (c.lead) expect(s.lead).toContain(c.lead);
    expect(s.body).toContain(c.body);
    if (c.source) expect(s.source).toBe(c.source);
    if (c.publisher) expect(s.sourceLabel).toContain(c.publisher);
    // Its image: the featured one (or the feed's enclosure) and the body's.
    expect(s.images).toBeGreaterThan(0);
    await expect(el.locator(".ae-gallery__img, .ae-body img").first()).toBeVisible();
  });
}

test("item= picks a feed's item by guid, id or URL; format= forces a format", async ({ page }) => {
  test.skip(!HAS_CORPORA, NO_CORPORA);
  let s = await seen(await embed(page, formats("news.rss"), `item="https://wpthemetestdata.wordpress.com/2010/10/05/post-format-standard/"`));
  expect(s.title).toBe("Post Format: Standard");
  // content:encoded is the body; the description leads.
  expect(s.body).toContain("All children, except one, grow up.");
  expect(s.datetime).toBe("2012-10-05T13:00:00.000Z");

  s = await seen(await embed(page, formats("feed.atom"), `item="tag:ghost-theme-unit-test.example,2018:xhtml"`));
  expect(s.title).toBe("An XHTML entry");
  // XHTML content: its markup, cleaned like any body (two paragraphs).
  expect(s.body).toBe("This body is XHTML inside the feed.Second paragraph.");
  await expect(page.locator("article-embed").locator(".ae-body p")).toHaveCount(2);
  await expect(page.locator("article-embed").locator(".ae-body :is(b, strong)")).toHaveText("XHTML");
  expect(s.author).toBe("By Another Author");

  // An untitled JSON Feed item: its text stands in, and text stays text.
  s = await seen(await embed(page, formats("feed.json"), `item="1240"`));
  expect(s.title).toContain("I never tried to prove nothing");
  expect(s.body).toContain("A second paragraph, as plain text.");

  s = await seen(await embed(page, formats("ghost-posts.json"), `item="html-tags-and-formatting"`));
  expect(s.title).toBe("HTML Tags, Markdown, and Formatting");

  const missing = await embed(page, formats("news.rss"), `item="no-such-guid"`);
  await expect(missing.getByRole("alert")).toContainText('the feed has no item with the id or URL "no-such-guid"');

  // Forced: the WordPress post read as a Ghost answer has no posts.
  const forced = await embed(page, formats("wordpress-post.json"), `format="ghost"`);
  // A Ghost answer without its `posts` list says so.
  await expect(forced.getByRole("alert")).toContainText('the article has no "posts" field');
});

test("a feed item with no date anywhere renders without one; an item without its own takes the feed's", async ({ page, request }) => {
  const rss = (channelDate) => `<?xml version="1.0"?><rss version="0.91"><channel><title>Old feed</title><link>https://old.example/</link>${channelDate}
    <item><title>Undated news</title><link>https://old.example/news/1</link><description>&lt;p&gt;Body words.&lt;/p&gt;</description></item></channel></rss>`;
  for (const [channelDate, shown] of [["", null], ["<lastBuildDate>Tue, 10 Jun 2003 04:00:00 GMT</lastBuildDate>", "2003-06-10"]]) {
    const key = `/stash/dateless-${Date.now()}.rss`;
    await request.put(API + key, { data: rss(channelDate), headers: { "content-type": "application/rss+xml" } });
    const el = await embed(page, API + key);
    await expect(el).toHaveAttribute("data-state", "ready");
    await expect(el.locator(".ae-title")).toHaveText("Undated news");
    if (shown) {
      await expect(el.locator("time.ae-date")).toHaveAttribute("datetime", new RegExp(`^${shown}`));
    } else {
      await expect(el.locator("time")).toHaveCount(0);
    }
  }
});

test("a document in no format the widget reads says what it is", async ({ page, request }) => {
  const stash = async (body, type) => {
    const key = `/stash/unknown-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await request.put(API + key, { data: body });
    return `${API}${key}?type=${encodeURIComponent(type)}`;
  };
  let el = await embed(page, await stash(JSON.stringify({ kind: "Listing", data: { children: [] } }), "application/json"));
  await expect(el.getByRole("alert")).toContainText("a JSON object with keys kind, data");
  el = await embed(page, await stash(`<?xml version="1.0"?><opml version="2.0"><body/></opml>`, "text/xml"));
  await expect(el.getByRole("alert")).toContainText("an XML document with root <opml>");
  el = await embed(page, await stash(`<?xml version="1.0"?><rss><channel><item>`, "text/xml"));
  await expect(el.getByRole("alert")).toContainText("XML that is not well-formed");
  el = await embed(page, await stash("[]", "application/json"));
  await expect(el.getByRole("alert")).toContainText("an empty JSON list");
});

test("the attack corpus is harmless in every format", async ({ page, request }) => {
  await installScriptTrap(page);
  const body = BODY_ATTACKS.map((a) => `<p>${a}</p>`).join("\n") + `<p>End of body</p>` + SWALLOWING_ATTACKS.join("");
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const date = "2021-08-29T10:15:00Z";
  const docs = {
    wordpress: JSON.stringify({ id: 1, link: "https://p.example/1", title: { rendered: "WP <img src=x onerror=pwn('title')>" }, content: { rendered: body }, excerpt: { rendered: "<img src=x onerror=pwn('excerpt')>" }, date_gmt: "2021-08-29T10:15:00" }),
    ghost: JSON.stringify({ posts: [{ id: "1", url: "https://p.example/1", title: "Ghost", html: body, feature_image: "javascript:pwn('feature')", published_at: date, tags: [{ name: "<b>t</b>", url: "javascript:pwn('tag')" }] }] }),
    jsonfeed: JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Feed", items: [{ id: "1", url: "https://p.example/1", title: "JSON Feed", content_html: body, image: "javascript:pwn('image')", date_published: date }] }),
    rss: `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Feed</title><link>javascript:pwn('channel')</link><item><title>RSS</title><link>https://p.example/1</link><pubDate>Sun, 29 Aug 2021 10:15:00 GMT</pubDate><content:encoded><![CDATA[${body.replaceAll("]]>", "]]]]><![CDATA[>")}]]></content:encoded><enclosure url="javascript:pwn('enclosure')" type="image/jpeg"/></item></channel></rss>`,
    atom: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="http://www.w3.org/1999/xhtml"><title>Feed</title><entry><id>1</id><title type="html">${esc("Atom <script>pwn('atomtitle')</script>")}</title><link href="https://p.example/1"/><published>${date}</published><content type="html">${esc(body)}</content></entry></feed>`,
    // Elements straight in the text fields, not escaped.
    "rss, unescaped": `<rss version="2.0"><channel><title>Feed</title><item><title>Raw <img src="x" onerror="pwn('raw title')"/></title><link>https://p.example/1</link><pubDate>Sun, 29 Aug 2021 10:15:00 GMT</pubDate><description>${XML_CHILD_ATTACKS}<p>End of body</p></description></item></channel></rss>`,
    "atom html, unescaped": `<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title><entry><id>1</id><title type="text">Raw <script>pwn('raw atom title')</script></title><link href="https://p.example/1"/><published>${date}</published><summary type="text"><img src="x" onerror="pwn('summary')"/>Summary</summary><content type="html">${XML_CHILD_ATTACKS}<p>End of body</p></content></entry></feed>`,
    "atom xhtml": `<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title><entry><id>1</id><title>Atom XHTML</title><link href="https://p.example/1"/><published>${date}</published><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${XML_CHILD_ATTACKS}<p>End of body</p></div></content></entry></feed>`,
  };
  for (const [format, doc] of Object.entries(docs)) {
    const key = `/stash/attack-${format}-${Date.now()}`;
    await request.put(API + key, { data: doc });
    const el = await embed(page, API + key);
    await expect(el, format).toHaveAttribute("data-state", "ready");
    await expect(el.locator(".ae-body"), format).toContainText("End of body");
    await el.locator(".ae-footer").scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const report = await el.evaluate((host) => {
      const attrs = [...host.shadowRoot.querySelectorAll("*")].flatMap((e) => [...e.attributes].map((a) => [e.localName, a.name, a.value]));
      return {
        handlers: attrs.filter(([, n]) => n.startsWith("on")),
        badUrls: attrs.filter(([, n, v]) => ["href", "src", "poster"].includes(n) && !/^(https?:\/\/|mailto:)/.test(v)),
        scripts: host.shadowRoot.querySelectorAll("script, iframe, object, embed, form").length,
      };
    });
    expect(report.handlers, format).toEqual([]);
    expect(report.badUrls, format).toEqual([]);
    expect(report.scripts, format).toBe(0);
    expect(await page.evaluate(() => window.__pwned), format).toEqual([]);
  }
});
