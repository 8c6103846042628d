// The critical path (embed.js starts the article requests of embeds already
// in the page), gloo-net requests reaching the server byte for byte, and
// loading="lazy".
import { test, expect } from "@playwright/test";
import { API, PARTNER, recordLayoutShifts, layoutShiftScore } from "./helpers.mjs";

// The wasm arrives 800 ms late, as on a slow link: the articles embed.js
// asked for are answered by the time the widget runs.
const wasmArrivesLate = (page) =>
  page.route("**/*_bg.wasm", async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
const recorded = async (request, id) => (await request.get(`${API}/recorded?id=${id}`)).json();
// Each test starts with nothing recorded for its ids (retries and repeats too).
const clear = (request, ...ids) => Promise.all(ids.map((id) => request.get(`${API}/recorded?id=${id}&clear`)));

test("an embed in the page asks for its article once, while the wasm is still loading, with its URL intact", async ({ page, request }) => {
  await clear(request, "signed", "lazy");
  // When the wasm had started and defined the element.
  await page.addInitScript(() => {
    customElements.whenDefined("article-embed").then(() => (window.__defined = performance.now()));
  });
  await page.goto(`${PARTNER}/pages/critical.html`);
  await expect(page.locator("#signed")).toHaveAttribute("data-state", "ready");
  await expect(page.locator("#signed .ae-title")).toHaveText("Я");
  // The request line the server saw, byte for byte (no stray "&", no re-encoding).
  expect(await recorded(request, "signed")).toEqual(["/recorded.json?id=signed&sig=a%2Fb%3D%3D&x=1&empty=&title=%D0%AF"]);
  const timing = await page.evaluate(() => {
    const entries = performance.getEntriesByType("resource");
    const find = (part) => entries.find((e) => e.name.includes(part));
    return { article: find("id=signed").startTime, wasm: find(".wasm").responseEnd, defined: window.__defined };
  });
  // Asked for by embed.js, before the wasm ran, not by the widget after it
  // started. (embed.js asks for the wasm first: on a fast local link the
  // wasm may well have arrived by the time the article is asked for.)
  expect(timing.article).toBeLessThan(timing.defined);
  // A lazy embed (in view here) is not prefetched: the widget asks, once.
  await expect(page.locator("#lazy")).toHaveAttribute("data-state", "ready");
  expect(await recorded(request, "lazy")).toHaveLength(1);
  expect(await page.evaluate(() => performance.getEntriesByType("resource").find((e) => e.name.includes("id=lazy")).startTime)).toBeGreaterThan(timing.wasm);
});

test("an article answered before the widget runs skips the skeleton but holds the screen; a slow one shows it after a moment", async ({ page }) => {
  // What each embed's shadow root ever held while loading, and the room it took.
  await page.addInitScript(() => {
    window.__loading = {};
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      const seen = (window.__loading[this.id] = []);
      new MutationObserver(() => {
        for (const el of root.querySelectorAll(".ae-skeleton, .ae-pending")) {
          const entry = `${el.className} ${el.getAttribute("role")} ${el.textContent} ${el.getBoundingClientRect().height >= innerHeight}`;
          if (!seen.includes(entry)) seen.push(entry);
        }
      }).observe(root, { childList: true, subtree: true });
      return root;
    };
  });
  await wasmArrivesLate(page);
  await page.goto(`${PARTNER}/pages/answered.html`);
  await expect(page.locator("#answered .ae-title")).toHaveText("Answered");
  await expect(page.locator("#coming")).toHaveAttribute("data-state", "ready", { timeout: 10_000 });
  const seen = await page.evaluate(() => window.__loading);
  // No skeleton for the answered one, but a status that says so and a screen's height held.
  expect(seen.answered).toEqual(["ae-pending status Loading article… true"]);
  // The one still on its way holds its space the same way: first unmounted
  // while the first embed is drawn (the next test), then mounted, then with
  // the skeleton.
  expect(seen.coming).toEqual([
    "ae-mount ae-pending null  true",
    "ae-pending status Loading article… true",
    "ae-skeleton status Loading article… true",
  ]);
});

// Fifty embeds connect in one task; mounting them all before the first is
// drawn kept it waiting (docs/performance.md, "The first of many").
test("of embeds answered before the widget runs, the first is drawn before the others mount, and nothing shifts", async ({ page }) => {
  await recordLayoutShifts(page);
  await page.addInitScript(() => {
    document.addEventListener("article-embed:ready", (event) => {
      if (window.__atFirst) return;
      window.__atFirst = [...document.querySelectorAll("article-embed")].map((e) => {
        const mount = e.shadowRoot?.querySelector(".ae-mount");
        return `${e.id} ${mount?.className} ${mount?.querySelector(".ae") ? "mounted" : "waiting"} ${Math.round(mount?.getBoundingClientRect().height) >= innerHeight}`;
      });
      window.__firstId = event.target.id;
    });
  });
  await wasmArrivesLate(page);
  await page.goto(`${PARTNER}/pages/batch.html`);
  for (let i = 1; i <= 8; i++) await expect(page.locator(`#b${i} .ae-title`)).toHaveText(`B${i}`);
  expect(await page.evaluate(() => window.__firstId)).toBe("b1");
  const atFirst = await page.evaluate(() => window.__atFirst);
  expect(atFirst[0]).toBe("b1 ae-mount mounted true");
  // The others wait unmounted, each holding a screen's height as a quiet start does.
  expect(atFirst.slice(1)).toEqual([2, 3, 4, 5, 6, 7, 8].map((i) => `b${i} ae-mount ae-pending waiting true`));
  expect(await layoutShiftScore(page)).toBe(0);
});

test("an embed removed while it waits to mount is never mounted; put back, it mounts", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  // Right after the element is defined, while the others wait for the first.
  await page.addInitScript(() => {
    const define = customElements.define.bind(customElements);
    customElements.define = (name, cls) => {
      define(name, cls);
      const b8 = document.querySelector("#b8");
      window.__b8 = b8;
      b8.remove();
    };
  });
  await page.goto(`${PARTNER}/pages/batch.html`);
  await expect(page.locator("#b7 .ae-title")).toHaveText("B7");
  expect(await page.evaluate(() => window.__b8.shadowRoot.querySelector(".ae"))).toBeNull();
  await page.evaluate(() => document.body.append(window.__b8));
  await expect(page.locator("#b8 .ae-title")).toHaveText("B8");
  expect(errors).toEqual([]);
});

test("a slow first embed holds the others back a moment at most", async ({ page }) => {
  await wasmArrivesLate(page);
  await page.goto(`${PARTNER}/pages/leader.html`);
  // The first answers after 4 s: the others are drawn long before.
  for (let i = 1; i <= 4; i++) await expect(page.locator(`#f${i} .ae-title`)).toHaveText(`F${i}`, { timeout: 3_000 });
  await expect(page.locator("#slow")).toHaveAttribute("data-state", "loading");
  await expect(page.locator("#slow")).toHaveAttribute("data-state", "ready", { timeout: 10_000 });
});

test("requests the widget makes itself (an embed added later, Try again) keep the URL byte for byte", async ({ page, request }) => {
  await clear(request, "later");
  await page.goto(`${PARTNER}/pages/partner.html`);
  await expect(page.locator("#one")).toHaveAttribute("data-state", "ready");
  await page.evaluate((api) => {
    const el = document.createElement("article-embed");
    el.id = "later";
    el.setAttribute("src", `${api}/recorded.json?id=later&sig=x%2By&a=1&a=2&title=Later`);
    document.body.append(el);
  }, API);
  await expect(page.locator("#later .ae-title")).toHaveText("Later");
  expect(await recorded(request, "later")).toEqual(["/recorded.json?id=later&sig=x%2By&a=1&a=2&title=Later"]);
});

test("loading=lazy fetches nothing until the embed nears the viewport, and nothing shifts", async ({ page, request }) => {
  await clear(request, "lazy-top", "lazy-far");
  await recordLayoutShifts(page);
  await page.goto(`${PARTNER}/pages/lazy.html`);
  await expect(page.locator("#top")).toHaveAttribute("data-state", "ready");
  await expect(page.locator("#top .ae-title")).toHaveText("Top");
  // The far embed is defined and shows its skeleton, but has asked for nothing.
  await expect(page.locator("#far")).toHaveAttribute("data-state", "loading");
  await expect(page.locator("#far .ae-skeleton")).toHaveCount(1);
  await page.waitForTimeout(500);
  expect(await recorded(request, "lazy-far")).toEqual([]);
  // Scrolling towards it starts it before it is on screen.
  await page.evaluate(() => window.scrollTo(0, document.querySelector("#far").offsetTop - window.innerHeight * 2));
  await expect(page.locator("#far")).toHaveAttribute("data-state", "ready");
  expect(await recorded(request, "lazy-far")).toHaveLength(1);
  await page.evaluate(() => document.querySelector("#far").scrollIntoView());
  await expect(page.locator("#far .ae-title")).toHaveText("Far");
  expect(await layoutShiftScore(page)).toBe(0);
});
