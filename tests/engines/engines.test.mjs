// The core suite in Firefox ESR (geckodriver) and WebKitGTK (WebKitWebDriver,
// MiniBrowser under Xvfb), through WebDriver: the seed with all photos, the
// lightbox from the keyboard, Russian plurals, feeds in each XML parser, the
// error state with Try again, a strict-CSP page, and a right-to-left article.
//   node --test tests/engines/     (after trunk build --release)
// An engine whose driver is not installed is reported as skipped, never as
// passed; scripts/test.sh installs both, so CI runs both.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { ENGINES, KEY, missing, startEngine } from "./webdriver.mjs";
import { FEEDS } from "../browser/transcode.mjs";

const BUZULUK = "nodefeedparser-buzuluk-ru-cp1251.rss";

const CDN = "http://127.0.0.1:4601";
const API = "http://127.0.0.1:4602";
const PARTNER = "http://127.0.0.1:4603";
const SHOTS = new URL("../../test-results/engines/", import.meta.url).pathname;

const children = [];
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const up = await fetch(`${CDN}/index.html`).then((r) => r.ok, () => false);
  if (!up) {
    children.push(spawn(process.execPath, [new URL("../browser/server.mjs", import.meta.url).pathname], { stdio: "ignore" }));
    for (let i = 0; i < 100 && !(await fetch(`${CDN}/index.html`).then((r) => r.ok, () => false)); i++) await sleep(100);
  }
  // The front page reads the seed through the publisher's server (built by
  // `cargo build -p article-embed-server`), behind the test server's
  // /publisher/, as Playwright starts it; its SQLite file is the browser
  // tests' (kept if they left one running).
  const publisher = "http://127.0.0.1:4604/healthz";
  if (!(await fetch(publisher).then((r) => r.ok, () => false))) {
    const server = new URL("../../target/debug/article-embed-server", import.meta.url).pathname;
    const config = new URL("../browser/server.toml", import.meta.url).pathname;
    const root = new URL("../../", import.meta.url).pathname;
    mkdirSync(new URL("../../target/browser-tests/", import.meta.url).pathname, { recursive: true });
    children.push(spawn(server, ["serve", "--config", config], { cwd: root, stdio: "ignore" }));
    for (let i = 0; i < 100 && !(await fetch(publisher).then((r) => r.ok, () => false)); i++) await sleep(100);
  }
  assert.ok(await fetch(publisher).then((r) => r.ok, () => false), "the publisher's server did not start on 4604");
});
after(() => children.forEach((c) => c.kill()));

for (const engine of ENGINES) {
  describe(engine.name, { skip: missing(engine) }, () => {
    let session;
    let driver;
    before(async () => {
      driver = await startEngine(engine);
      session = await driver.session();
    });
    after(async () => {
      await session?.close();
      driver?.stop();
    });
    const shot = async (name) => writeFileSync(`${SHOTS}${engine.name.replace(/\W+/g, "-")}-${name}.png`, await session.screenshot());

    test("the seed article renders with all nine photos", async () => {
      await session.goto(`${CDN}/index.html`);
      await session.waitFor(() => document.querySelector("article-embed")?.dataset.state === "ready");
      const title = await session.run(() => document.querySelector("article-embed").shadowRoot.querySelector(".ae-title").textContent);
      assert.equal(title, "Opening Asia for Russia");
      // Each photo is lazy: it loads when a reader reaches it. The first one
      // not yet loaded is brought into view and stays there until it has
      // loaded (scrolling on 700 px a poll, WebKitGTK twice left a photo it
      // had been scrolled past unloaded for a minute: it never stayed in
      // view long enough to start). A timeout says what each photo was doing.
      const loaded = await session
        .waitFor(() => {
          const imgs = [...document.querySelector("article-embed").shadowRoot.querySelectorAll(".ae-zoom img")];
          const waiting = imgs.find((i) => !(i.complete && i.naturalWidth > 0));
          waiting?.scrollIntoView({ block: "center" });
          return imgs.length === 9 && !waiting && imgs.length;
        }, [], {
          what: "nine loaded photos",
          timeout: 60_000,
          explain: () => ({
            scrolled: window.scrollY,
            photos: [...document.querySelector("article-embed").shadowRoot.querySelectorAll(".ae-zoom img")].map((i) => ({
              src: i.currentSrc.split("/").pop(),
              complete: i.complete,
              width: i.naturalWidth,
              top: Math.round(i.getBoundingClientRect().top),
            })),
          }),
        })
        .catch(async (error) => {
          await shot("seed-photos-timeout");
          throw error;
        });
      assert.equal(loaded, 9);
      const weight = await session.run(() => getComputedStyle(document.querySelector("article-embed").shadowRoot.querySelector(".ae-title")).fontWeight);
      assert.equal(String(weight), "800", "the widget's stylesheet applies");
      await shot("seed");
    });

    test("the long-form showcase renders tables, code, media cards and footnotes", async () => {
      await session.goto(`${CDN}/showcase.html`);
      await session.waitFor(() => document.querySelector("article-embed")?.dataset.state === "ready");
      // A long body is built in slices over a few tasks after "ready": wait for its end.
      await session.waitFor(() => document.querySelector("article-embed").shadowRoot.querySelector('a[data-ae-ref="ae-ref-fn-riders"]'));
      const counts = await session.run(() => {
        const root = document.querySelector("article-embed").shadowRoot;
        const n = (s) => root.querySelectorAll(s).length;
        // Formulas are MathML in MathML's namespace, drawn by the engine.
        const maths = [...root.querySelectorAll("math")];
        const drawn = maths.filter((m) => m.namespaceURI === "http://www.w3.org/1998/Math/MathML" && m.getBoundingClientRect().width > 0).length;
        return { tables: n(".ae-table table"), pre: n("pre"), cards: n(".ae-media-card"), notes: n("a[data-ae-ref]"), maths: drawn };
      });
      assert.ok(counts.tables >= 2 && counts.pre >= 2 && counts.cards >= 5 && counts.notes >= 4 && counts.maths === 3, JSON.stringify(counts));
      await session.run(() => document.querySelector("article-embed").shadowRoot.querySelector(".ae-table").scrollIntoView());
      await shot("showcase-table");
      // A footnote reference moves focus to its note, inside the embed.
      await session.run(() => document.querySelector("article-embed").shadowRoot.querySelector('a[data-ae-ref="ae-ref-fn-riders"]').click());
      const focused = await session.waitFor(() => document.querySelector("article-embed").shadowRoot.activeElement?.id);
      assert.equal(focused, "ae-ref-fn-riders");
    });

    test("the lightbox works from the keyboard and gives focus back", async () => {
      await session.goto(`${CDN}/index.html`);
      await session.waitFor(() => document.querySelector("article-embed")?.dataset.state === "ready");
      await session.run(() => document.querySelector("article-embed").shadowRoot.querySelectorAll(".ae-zoom")[2].focus());
      await session.keys(KEY.enter);
      const counter = () => {
        const root = document.querySelector("article-embed").shadowRoot;
        return root.querySelector(".ae-lightbox")?.open && root.querySelector(".ae-lightbox__counter")?.textContent;
      };
      assert.equal(await session.waitFor(counter), "3 / 9");
      await session.keys(KEY.right);
      await session.waitFor(() => document.querySelector("article-embed").shadowRoot.querySelector(".ae-lightbox__counter")?.textContent === "4 / 9");
      await session.keys(KEY.left, KEY.left);
      await session.waitFor(() => document.querySelector("article-embed").shadowRoot.querySelector(".ae-lightbox__counter")?.textContent === "2 / 9");
      await shot("lightbox");
      await session.keys(KEY.escape);
      await session.waitFor(() => !document.querySelector("article-embed").shadowRoot.querySelector(".ae-lightbox")?.open);
      // The close event (a task after the browser's own focus restore) moves it.
      const focused = await session.waitFor(() => {
        const label = document.querySelector("article-embed").shadowRoot.activeElement?.getAttribute("aria-label");
        return label?.startsWith("Photo 2 of 9") && label;
      });
      assert.match(focused, /^Photo 2 of 9/);
    });

    test("Russian plurals and dates come from Intl", async () => {
      await session.goto(`${CDN}/index.html`);
      await session.run((api) => {
        document.querySelector("main").innerHTML = [21, 3, 47, 1200000]
          .map((n) => `<article-embed lang="ru" src="${api}/variant/seed.json?views=${n}"></article-embed>`)
          .join("");
      }, API);
      await session.waitFor(() => [...document.querySelectorAll("article-embed")].every((e) => e.dataset.state === "ready"));
      const views = await session.run(() =>
        [...document.querySelectorAll("article-embed")].map((e) => e.shadowRoot.querySelector(".ae-views").textContent.replace(/[\u00a0\u202f]/g, " ")),
      );
      assert.deepEqual(views, ["21 просмотр", "3 просмотра", "47 просмотров", "1,2 млн просмотров"]);
      const date = await session.run(() => document.querySelector("article-embed").shadowRoot.querySelector("time").textContent);
      assert.equal(date, "29 августа 2021 г.");
    });

    test("feeds parse in this engine's XML parser: RSS, Atom, and a broken one", { skip: !existsSync(FEEDS + "../project/formats") && "../shared/corpora/ is absent" }, async () => {
      await session.goto(`${CDN}/index.html`);
      await session.run((cdn, api) => {
        document.querySelector("main").innerHTML = [
          `<article-embed lang="en" src="${cdn}/api/feeds/news.rss"></article-embed>`,
          `<article-embed lang="en" src="${cdn}/corpora/project/formats/feed.atom" item="tag:ghost-theme-unit-test.example,2018:xhtml"></article-embed>`,
          `<article-embed lang="en" src="${cdn}/corpora/project/formats/wordpress-post.json"></article-embed>`,
          `<article-embed lang="en" src="${api}/raw?b64=${btoa("<?xml version='1.0'?><rss><channel><item>")}&type=text%2Fxml"></article-embed>`,
          // HTML straight in <description> (nixos.org's feed), an empty
          // <iframe/> in it that must not swallow the rest.
          `<article-embed lang="en" src="${api}/raw?b64=${encodeURIComponent(btoa("<rss><channel><item><title>Raw</title><link>https://p.example/1</link><description>Text <b>bold</b> <iframe src='https://p.example/x'/><![CDATA[ <cdata> ]]> <br/>End</description></item></channel></rss>"))}&type=text%2Fxml"></article-embed>`,
        ].join("");
      }, CDN, API);
      await session.waitFor(() => [...document.querySelectorAll("article-embed")].every((e) => e.dataset.state && e.dataset.state !== "loading"));
      const seen = await session.run(() =>
        [...document.querySelectorAll("article-embed")].map((e) => {
          const root = e.shadowRoot;
          const body = root.querySelector(".ae-body")?.textContent;
          return [e.dataset.state, root.querySelector(".ae-title")?.textContent ?? root.querySelector('[role="alert"]')?.textContent, body?.slice(0, 40), body?.slice(-12)];
        }),
      );
      assert.deepEqual(seen.slice(0, 3).map((s) => s.slice(0, 2)), [
        ["ready", "Opening Asia for Russia"],
        ["ready", "An XHTML entry"],
        ["ready", "Markup: Image Alignment – it’s <em>aligned</em> & sized"],
      ]);
      assert.match(seen[0][2], /following is an edited translation/);
      assert.match(seen[1][2], /This body is XHTML inside the feed/);
      assert.equal(seen[3][0], "error");
      assert.match(seen[3][1], /XML that is not well-formed/);
      assert.deepEqual(seen[4].slice(0, 2), ["ready", "Raw"]);
      // The iframe is a card, the CDATA text, and the body goes on after both.
      assert.match(seen[4][2], /^Text bold p\.example/);
      assert.match(seen[4][3], /<cdata>\s*End$/);
    });

    test("feeds in their own encodings decode in this engine", { skip: !existsSync(FEEDS + BUZULUK) && "../shared/corpora/feeds/ is absent" }, async () => {
      await session.goto(`${CDN}/index.html`);
      await session.run((api, name) => {
        document.querySelector("main").innerHTML = ["", "?as=koi8-r", "?as=utf-16le", "?charset=header"]
          .map((q) => `<article-embed lang="en" src="${api}/feeds/${name}${q}"></article-embed>`)
          .join("");
      }, API, BUZULUK);
      await session.waitFor(() => [...document.querySelectorAll("article-embed")].every((e) => e.dataset.state && e.dataset.state !== "loading"), [], { timeout: 30_000 });
      const seen = await session.run(() =>
        [...document.querySelectorAll("article-embed")].map((e) => {
          const root = e.shadowRoot;
          return [e.dataset.state, root.querySelector(".ae-title")?.textContent ?? root.querySelector('[role="alert"]')?.textContent];
        }),
      );
      assert.equal(seen.length, 4);
      for (const [state, title] of seen) {
        assert.equal(state, "ready", JSON.stringify(seen));
        assert.match(title, /^В Бузулуке главные стройплощадки/);
      }
    });

    test("a feed declaring entities is refused before this engine's parser sees it", async () => {
      await session.goto(`${CDN}/index.html`);
      const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${"a".repeat(1000)}">]><rss><channel><item><title>&a;&a;</title></item></channel></rss>`;
      await session.run((api, bomb) => {
        document.querySelector("main").innerHTML = `<article-embed lang="en" src="${api}/raw?b64=${encodeURIComponent(btoa(bomb))}&type=text%2Fxml"></article-embed>`;
      }, API, bomb);
      await session.waitFor(() => document.querySelector("article-embed").dataset.state === "error", [], { timeout: 30_000 });
      const alert = await session.run(() => document.querySelector("article-embed").shadowRoot.querySelector('[role="alert"]')?.textContent);
      assert.match(alert, /declares entities in its DTD/);
    });

    test("a failing source shows the error state, and Try again recovers", async () => {
      const id = `engine-${engine.port}-${Date.now()}`;
      await session.goto(`${CDN}/index.html`);
      // Four failures: the first attempt and its three retries.
      await session.run((api, id) => {
        document.querySelector("main").innerHTML = `<article-embed src="${api}/flaky.json?id=${id}&fail=4"><a href="https://publisher.example/">Fallback</a></article-embed>`;
      }, API, id);
      await session.waitFor(() => document.querySelector("article-embed").dataset.state === "error", [], { timeout: 30_000 });
      const error = await session.run(() => {
        const root = document.querySelector("article-embed").shadowRoot;
        return { alert: root.querySelector('[role="alert"]')?.textContent ?? "", button: root.querySelector(".ae-button")?.textContent };
      });
      assert.match(error.alert, /could not be loaded/);
      assert.equal(error.button, "Try again");
      await shot("error");
      await session.run(() => document.querySelector("article-embed").shadowRoot.querySelector(".ae-button").focus());
      await session.keys(KEY.enter);
      await session.waitFor(() => document.querySelector("article-embed").dataset.state === "ready", [], { timeout: 15_000 });
    });

    test("a page under a strict CSP renders it with no violation", async () => {
      const id = `engine-${engine.port}-${Date.now()}`;
      const policy = [
        "default-src 'none'",
        `script-src ${CDN} 'wasm-unsafe-eval'`,
        `style-src ${CDN}`,
        `connect-src ${CDN} ${API}`,
        `img-src ${API}`,
        `report-uri ${API}/csp-report?id=${id}`,
      ].join("; ");
      await session.goto(`${PARTNER}/pages/csp.html?csp=${encodeURIComponent(policy)}`);
      await session.waitFor(() => document.querySelector("article-embed")?.dataset.state === "ready");
      const rendered = await session.run(() => {
        const root = document.querySelector("article-embed").shadowRoot;
        return [root.querySelector(".ae-views").textContent, String(getComputedStyle(root.querySelector(".ae-title")).fontWeight)];
      });
      assert.deepEqual(rendered, ["3 views", "800"]);
      await session.run(() => document.querySelector("article-embed").shadowRoot.querySelector(".ae-zoom").scrollIntoView());
      await sleep(1500);
      const reports = await (await fetch(`${API}/csp-reports?id=${id}`)).json();
      // The browser's own favicon request for the test page is the page's
      // business (img-src here allows only the API), not the widget's.
      assert.deepEqual(reports.filter((r) => JSON.parse(r)["csp-report"]?.["blocked-uri"]?.endsWith("/favicon.ico") !== true), []);
    });

    test("a view from a frame names the page around it (ancestorOrigins, or the frame's referrer), not the frame's origin", async () => {
      const id = `frame-${engine.port}-${Date.now()}`;
      const viewsUrl = `${API}/views/${id}`;
      const src = `${API}/variant/seed.json?views_url=${encodeURIComponent(viewsUrl)}`;
      const page = `<!doctype html><html lang="en"><head><title>Partner</title></head><body>` +
        `<iframe title="Article" style="width:100%;height:900px;border:0" src="${CDN}/frame.html?src=${encodeURIComponent(src)}"></iframe></body></html>`;
      await fetch(`${PARTNER}/stash/${id}.html`, { method: "PUT", body: page });
      await session.goto(`${PARTNER}/stash/${id}.html?type=${encodeURIComponent("text/html")}`);
      let log = [];
      for (let i = 0; i < 150 && !log.length; i++) {
        await sleep(100);
        log = await (await fetch(`${API}/view-log?path=${encodeURIComponent(`/views/${id}`)}`)).json();
      }
      assert.deepEqual(log.map((v) => v.body), [PARTNER]);
    });

    test("under WordPress's sandbox (scripts only, an opaque origin) the frame renders the article and tells its height", async () => {
      const id = `sandbox-${engine.port}-${Date.now()}`;
      const src = `${CDN}/publisher/api/articles/seed`;
      const page = `<!doctype html><html lang="en"><head><title>Partner</title><link rel="icon" href="data:,"></head><body>` +
        `<script>window.heights = []; addEventListener("message", (e) => { if (e.data && e.data.secret === "abc123" && e.data.message === "height") window.heights.push(e.data.value); });</script>` +
        `<iframe title="Article" sandbox="allow-scripts" style="width:600px;height:400px;border:0" src="${CDN}/publisher/frame.html?src=${encodeURIComponent(src)}#?secret=abc123"></iframe></body></html>`;
      await fetch(`${PARTNER}/stash/${id}.html`, { method: "PUT", body: page });
      await session.goto(`${PARTNER}/stash/${id}.html?type=${encodeURIComponent("text/html")}`);
      // The skeleton is a few hundred pixels; the seed drawn, thousands.
      const height = await session.waitFor(() => Math.max(0, ...window.heights) > 3000 && Math.max(...window.heights), [], {
        what: "a height over 3,000 px from the sandboxed frame",
        timeout: 30_000,
        explain: () => ({ heights: window.heights }),
      });
      assert.ok(height > 3000, String(height));
    });

    test("an Arabic article reads right to left, arrows mirrored", async () => {
      await session.goto(`${CDN}/index.html`);
      await session.run((api) => {
        document.querySelector("main").innerHTML = `<article-embed src="${api}/variant/seed.json?lang=ar&views=3"></article-embed>`;
      }, API);
      await session.waitFor(() => document.querySelector("article-embed")?.dataset.state === "ready");
      const state = await session.run(() => {
        const root = document.querySelector("article-embed").shadowRoot;
        return {
          dir: root.querySelector(".ae-content").getAttribute("dir"),
          direction: getComputedStyle(root.querySelector(".ae-meta")).direction,
          views: root.querySelector(".ae-views").textContent,
        };
      });
      assert.equal(state.dir, "rtl");
      assert.equal(state.direction, "rtl");
      assert.match(state.views, /مشاهدات$/);
      await session.run(() => document.querySelector("article-embed").shadowRoot.querySelectorAll(".ae-zoom")[0].focus());
      await session.keys(KEY.enter);
      await session.waitFor(() => document.querySelector("article-embed").shadowRoot.querySelector(".ae-lightbox")?.open);
      // Right to left, the left arrow goes forward.
      await session.keys(KEY.left);
      const counter = await session.waitFor(() => {
        const text = document.querySelector("article-embed").shadowRoot.querySelector(".ae-lightbox__counter")?.textContent;
        return text !== "1 / 9" && text;
      });
      assert.equal(counter, "2 / 9");
      await session.keys(KEY.escape);
    });
  });
}
