// Browser tests run against the release build in dist/ (build it first:
// `trunk build --release`), in Debian's Chromium; Playwright never downloads
// a browser here.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "tests/browser",
  testMatch: /.*\.spec\.mjs/,
  timeout: 60_000,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: "http://127.0.0.1:4601",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    viewport: { width: 1100, height: 900 },
  },
  // Tests that time the page's longest task (@timing) run last, one at a
  // time, so that another test's browser does not share their CPU. A timed
  // test that fails runs once more: on this 2-core machine one CI run in
  // many saw a 231 ms gap where every other run saw 53–132 ms (the same
  // build, 62–122 ms in three runs after it); a real regression fails both.
  // The dashboard's tests (@dashboard) check its figures against the
  // database: they run after every test that counts views, before the timed ones.
  projects: [
    { name: "chromium", grepInvert: /@timing|@dashboard/ },
    { name: "dashboard", grep: /@dashboard/, dependencies: ["chromium"] },
    { name: "timing", grep: /@timing/, dependencies: ["dashboard"], fullyParallel: false, retries: 1 },
  ],
  webServer: [
    {
      command: "node tests/browser/server.mjs",
      url: "http://127.0.0.1:4601/index.html",
      reuseExistingServer: !process.env.CI,
      timeout: 20_000,
    },
    {
      // The publisher's server (built by `cargo test --workspace` or
      // `cargo build -p article-embed-server`), on a fresh database.
      command:
        "rm -f target/browser-tests/views.db* && target/debug/article-embed-server import --config tests/browser/server.toml --source news fixtures/api/feeds/archive.rss >/dev/null && exec target/debug/article-embed-server serve --config tests/browser/server.toml",
      url: "http://127.0.0.1:4604/healthz",
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
  ],
});
