// Long-form content as readers use it: footnotes both ways, tables that
// scroll in their own region, native media that loads nothing until played,
// media cards that reach no third party, disclosure, and no fused words.
import { test, expect } from "@playwright/test";
import { axeViolations, show } from "./helpers.mjs";

const inEmbed = (page, selector) => page.locator(`article-embed ${selector}`);

test("the long-form showcase: footnotes go there and back inside the embed", async ({ page }) => {
  const external = [];
  page.on("request", (r) => !r.url().startsWith("http://127.0.0.1") && !r.url().startsWith("data:") && external.push(r.url()));
  await page.goto("/showcase.html");
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
  const ref = inEmbed(page, 'sup a[data-ae-ref="ae-ref-fn-riders"]');
  await expect(ref).toHaveAttribute("href", "https://publisher.example/news/long-form-showcase/#fn-riders");
  await expect(ref).not.toHaveAttribute("target", "_blank");
  await ref.click();
  // The note has focus, the page's URL is untouched.
  const focused = () => page.evaluate(() => document.querySelector("article-embed").shadowRoot.activeElement?.id);
  await expect.poll(focused).toBe("ae-ref-fn-riders");
  expect(page.url()).toMatch(/showcase\.html$/);
  const noteTop = await inEmbed(page, "#ae-ref-fn-riders").evaluate((el) => el.getBoundingClientRect().top);
  expect(noteTop).toBeGreaterThanOrEqual(0);
  expect(noteTop).toBeLessThan(900);
  // And back, from the keyboard.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect.poll(focused).toBe("ae-ref-fn-riders-link");
  // Media cards link to the original and nothing third-party loaded.
  const youtube = inEmbed(page, '.ae-media-card[href^="https://youtu.be/"]');
  await expect(youtube).toHaveAttribute("target", "_blank");
  await expect(youtube).toHaveAttribute("rel", "noopener noreferrer");
  await expect(youtube).toContainText("Open on YouTube");
  expect(external).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
});

test("a wide table scrolls sideways in its own labelled region; cells never fuse into words", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto("/showcase.html");
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
  const region = inEmbed(page, ".ae-table").first();
  await expect(region).toHaveAttribute("role", "region");
  await expect(region).toHaveAttribute("tabindex", "0");
  await expect(region).toHaveAttribute("aria-label", /\S/);
  const sizes = await region.evaluate((el) => [el.scrollWidth, el.clientWidth, document.documentElement.scrollWidth]);
  expect(sizes[0]).toBeGreaterThan(sizes[1]);
  expect(sizes[2]).toBeLessThanOrEqual(320);
  // What a copy or a screen reader gets: cells stay apart.
  const text = await region.evaluate((el) => el.innerText);
  expect(text).toMatch(/Quarter\s+Riders/);
  expect(text).not.toMatch(/QuarterRiders/);
});

test("native video and audio load nothing until played; details toggle; tables keep spans", async ({ page, request }) => {
  const body = `
    <p>Before.</p>
    <video src="/media/clip.mp4" poster="javascript:alert(1)" autoplay loop><source src="/media/clip.webm" type="video/webm">Fallback words</video>
    <audio><source src="https://media.publisher.example/a.mp3" type="audio/mpeg"></audio>
    <details><summary>More</summary><p>Hidden text</p></details>
    <table><caption>Results</caption><tr><th scope="col" colspan="2">Team</th></tr><tr><td>A</td><td rowspan="99999">1</td></tr></table>
    <ol start="5" reversed><li>five</li><li value="9">nine</li></ol>
    <p>H<sub>2</sub>O and E = mc<sup>2</sup>, <abbr title="World Health Organization">WHO</abbr>, <q>quoted</q>, <kbd>Ctrl</kbd>.</p>
    <pre>line one
    line two</pre>
    <hr>`;
  const article = { id: "media", url: "https://publisher.example/news/media", title: "Media", published_at: "2024-01-01T00:00:00Z", body_html: body };
  const mediaRequests = [];
  page.on("request", (r) => /clip\.|a\.mp3/.test(r.url()) && mediaRequests.push(r.url()));
  await page.goto("/index.html");
  await expect(await show(page, request, JSON.stringify(article))).toHaveAttribute("data-state", "ready");
  const video = inEmbed(page, "video");
  await expect(video).toHaveAttribute("controls", "");
  await expect(video).toHaveAttribute("preload", "none");
  expect(await video.evaluate((v) => [v.autoplay, v.loop, v.getAttribute("poster"), v.querySelectorAll("source").length])).toEqual([false, false, null, 2]);
  await expect(inEmbed(page, "audio source")).toHaveAttribute("src", "https://media.publisher.example/a.mp3");
  await page.waitForTimeout(500);
  expect(mediaRequests).toEqual([]);
  await expect(inEmbed(page, ".ae-body")).not.toContainText("Fallback words");

  const details = inEmbed(page, "details");
  await expect(details).not.toHaveAttribute("open", "");
  await inEmbed(page, "summary").click();
  await expect(details).toHaveAttribute("open", "");
  await expect(inEmbed(page, "th")).toHaveAttribute("colspan", "2");
  await expect(inEmbed(page, "td[rowspan]")).toHaveAttribute("rowspan", "100");
  await expect(inEmbed(page, ".ae-table")).toHaveAttribute("aria-label", "Results");
  expect(await inEmbed(page, "ol").evaluate((ol) => [ol.start, ol.reversed])).toEqual([5, true]);
  await expect(inEmbed(page, "abbr")).toHaveAttribute("title", "World Health Organization");
  expect(await inEmbed(page, "pre").evaluate((el) => [getComputedStyle(el).whiteSpace, getComputedStyle(el).fontFamily.includes("mono"), el.textContent.includes("\n")])).toEqual(["pre", true, true]);
  await expect(inEmbed(page, "hr")).toHaveCount(1);
  expect(await inEmbed(page, ".ae-body").evaluate((el) => el.innerText)).toContain("H2O and E = mc2");
});

test("aligned images float beside the text on a wide embed and stack on a narrow one", async ({ page }) => {
  for (const [width, wide] of [[1280, true], [360, false]]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/showcase.html");
    await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
    const right = inEmbed(page, ".ae-align-right").first();
    await right.scrollIntoViewIfNeeded();
    const [float, boxWidth, bodyWidth] = await right.evaluate((el) => [
      getComputedStyle(el).float,
      el.getBoundingClientRect().width,
      el.closest(".ae-body").getBoundingClientRect().width,
    ]);
    if (wide) {
      expect(float).toBe("right");
      expect(boxWidth).toBeLessThanOrEqual(bodyWidth / 2 + 1);
    } else {
      expect(float).toBe("none");
    }
  }
  // A centred paragraph keeps the author's centring, through our class only.
  expect(await inEmbed(page, "p.ae-text-center").first().evaluate((el) => getComputedStyle(el).textAlign)).toBe("center");
});

test("the showcase's fare formula: MathML in the sentence and on its own line, the data desk's symbols in the text", async ({ page }) => {
  await page.goto("/showcase.html");
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
  await expect(inEmbed(page, "math")).toHaveCount(3);
  await expect(inEmbed(page, 'math[display="block"]')).toHaveCount(1);
  await expect(inEmbed(page, "img.ae-in-text")).toHaveCount(1);
  await expect(inEmbed(page, "img.ae-glyph")).toHaveCount(2);
  // Symbols are part of the text: none is a photo of the lightbox.
  await expect(inEmbed(page, "button[data-ae-photo] img.ae-glyph, button[data-ae-photo] img.ae-in-text")).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
});

// Each platform's embed code as it publishes it (their embed builders'
// output, script and all): the fallback for readers without the script.
const SOCIAL = [
  ["X", `<blockquote class="twitter-tweet" data-dnt="true"><p lang="en" dir="ltr">Tweet words here <img draggable="false" role="img" class="emoji" alt="🎉" src="https://s.w.org/images/core/emoji/14.0.0/svg/1f389.svg"></p>&mdash; Tweet Author (@tweeter) <a href="https://twitter.com/tweeter/status/1?ref_src=twsrc%5Etfw">May 1, 2024</a></blockquote><script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>`],
  ["Instagram", `<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="https://www.instagram.com/p/ABC/?utm_source=ig_embed" data-instgrm-version="14" style="background:#FFF; border:0;"><div style="padding:16px;"><a href="https://www.instagram.com/p/ABC/?utm_source=ig_embed" style="background:#FFFFFF;" target="_blank"><div style="display: flex;"><div style="background-color: #F4F4F4;"></div></div><div style="padding: 19% 0;"></div><div style="padding-top: 8px;"><div style="color:#3897f0;">View this post on Instagram</div></div></a><p style="margin:8px 0 0 0;"><a href="https://www.instagram.com/p/ABC/?utm_source=ig_embed" target="_blank">A post shared by Gram Author (@gramauthor)</a></p></div></blockquote><script async src="//www.instagram.com/embed.js"></script>`],
  ["Facebook", `<div class="fb-post" data-href="https://www.facebook.com/page/posts/1" data-width="500"><blockquote cite="https://www.facebook.com/page/posts/1" class="fb-xfbml-parse-ignore"><p>Facebook post words</p>Posted by <a href="https://www.facebook.com/page">Face Page</a> on&nbsp;<a href="https://www.facebook.com/page/posts/1">Monday, 1 January 2024</a></blockquote></div>`],
  ["TikTok", `<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@toker/video/1" data-video-id="1" style="max-width: 605px;min-width: 325px;"><section><a target="_blank" title="@toker" href="https://www.tiktok.com/@toker?refer=embed">@toker</a> TikTok caption words <a title="tag" target="_blank" href="https://www.tiktok.com/tag/tag?refer=embed">#tag</a> <a target="_blank" title="♬ original sound - toker" href="https://www.tiktok.com/music/x-1?refer=embed">♬ original sound - toker</a></section></blockquote><script async src="https://www.tiktok.com/embed.js"></script>`],
  ["Bluesky", `<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/app.bsky.feed.post/1" data-bluesky-cid="x"><p lang="en">Bluesky post words</p>&mdash; Sky Author (<a href="https://bsky.app/profile/did:plc:abc?ref_src=embed">@sky.example</a>) <a href="https://bsky.app/profile/did:plc:abc/post/1?ref_src=embed">January 1, 2024 at 10:00 AM</a></blockquote><script async src="https://embed.bsky.app/static/embed.js" charset="utf-8"></script>`],
  ["Mastodon", `<blockquote class="mastodon-embed" data-embed-url="https://mastodon.social/@toot/1/embed" style="background: #FCF8FF;"><a href="https://mastodon.social/@toot/1" target="_blank" style="color: #1C1A25;"><div>Post by @toot@mastodon.social</div><div>View on Mastodon</div></a></blockquote><script data-allowed-prefixes="https://mastodon.social/" async src="https://mastodon.social/embed.js"></script>`],
  ["Threads", `<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.net/@thread/post/A" data-text-post-version="0" style="background:#FFF;"><a href="https://www.threads.net/@thread/post/A" style="background:#FFFFFF;" target="_blank"><div>Post by @thread</div><div>View on Threads</div></a></blockquote><script async src="https://www.threads.net/embed.js"></script>`],
  ["Reddit", `<blockquote class="reddit-embed-bq" data-embed-height="316"><a href="https://www.reddit.com/r/sub/comments/1/title/">Reddit post title</a><br> by <a href="https://www.reddit.com/user/redditor/">u/redditor</a> in <a href="https://www.reddit.com/r/sub/">sub</a></blockquote><script async src="https://embed.reddit.com/widgets.js" charset="UTF-8"></script>`],
];

test("social posts of every platform stay quoted posts, their platform named, and load nothing", async ({ page, request }) => {
  const external = [];
  page.on("request", (r) => !r.url().startsWith("http://127.0.0.1") && !r.url().startsWith("data:") && external.push(r.url()));
  const body = SOCIAL.map(([, html]) => html).join("\n") +
    // WordPress's embed block around a post, its caption kept; Telegram's embed, a card.
    `<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter"><div class="wp-block-embed__wrapper">${SOCIAL[0][1]}</div><figcaption>The caption of the block</figcaption></figure>` +
    `<script async src="https://telegram.org/js/telegram-widget.js?22" data-telegram-post="durov/43" data-width="100%"></script><p>End.</p>`;
  const article = { id: "social", url: "https://publisher.example/news/social", title: "Social", published_at: "2024-01-01T00:00:00Z", body_html: body };
  await page.goto("/index.html");
  await expect(await show(page, request, JSON.stringify(article))).toHaveAttribute("data-state", "ready");
  const posts = inEmbed(page, "blockquote[data-ae-post]");
  await expect(posts).toHaveCount(SOCIAL.length + 1);
  expect(await posts.evaluateAll((all) => all.map((b) => b.dataset.aePost))).toEqual([...SOCIAL.map(([name]) => name), "X"]);
  // Their words and links stay; the platform is named above each.
  for (const words of ["Tweet words here", "A post shared by Gram Author", "Posted by Face Page", "TikTok caption words", "Bluesky post words", "Post by @toot@mastodon.social", "Post by @thread", "Reddit post title"]) {
    await expect(inEmbed(page, ".ae-body"), words).toContainText(words);
  }
  await expect(posts.nth(0).locator('a[href^="https://twitter.com/tweeter/status/1"]')).toHaveText("May 1, 2024");
  expect(await posts.nth(0).evaluate((b) => getComputedStyle(b, "::before").content)).toBe('"X"');
  // The emoji stays an inline glyph in its line.
  const emoji = posts.nth(0).locator('img[alt="🎉"]');
  expect(await emoji.evaluate((img) => [getComputedStyle(img).display, img.getBoundingClientRect().height < 40])).toEqual(["inline", true]);
  // A post is framed apart from a quote, upright, in light and dark.
  expect(await posts.nth(0).evaluate((b) => [getComputedStyle(b).fontStyle, getComputedStyle(b).borderTopStyle])).toEqual(["normal", "solid"]);
  await expect(inEmbed(page, "figure:has(blockquote[data-ae-post]) > figcaption")).toHaveText("The caption of the block");
  await expect(inEmbed(page, '.ae-media-card[href="https://t.me/durov/43"]')).toContainText("Telegram");
  await expect(inEmbed(page, ".ae-body")).toContainText("End.");
  await page.waitForTimeout(300);
  expect(external.filter((u) => !/s\.w\.org\/images\/core\/emoji/.test(u))).toEqual([]);
  expect(await axeViolations(page, ["wcag2a", "wcag2aa"])).toEqual([]);
  await page.locator("article-embed").evaluate((e) => e.setAttribute("theme", "dark"));
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
  expect(await axeViolations(page, ["wcag2a", "wcag2aa"])).toEqual([]);
});
