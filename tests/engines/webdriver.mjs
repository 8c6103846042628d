// A minimal W3C WebDriver client (the parts the engine suite uses), so the
// same tests drive Firefox ESR through geckodriver and WebKitGTK through
// WebKitWebDriver with nothing but node's fetch. Playwright cannot drive
// Debian's Firefox or WebKit builds; WebDriver can.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

const which = (name, ...extra) =>
  [spawnSync("sh", ["-c", `command -v ${name}`]).stdout.toString().trim(), ...extra].find((p) => p && existsSync(p));
const MINIBROWSER = ["4.1", "4.0", "6.0"]
  .map((v) => `/usr/lib/x86_64-linux-gnu/webkit2gtk-${v}/MiniBrowser`)
  .find((p) => existsSync(p));

/** The engines besides Chromium, as Debian ships them (scripts/setup.sh installs both). */
export const ENGINES = [
  {
    name: "Firefox ESR",
    driver: which("geckodriver", `${homedir()}/.cargo/bin/geckodriver`),
    binary: which("firefox-esr", "/usr/bin/firefox-esr"),
    port: 4444,
    args: (port) => ["--port", String(port)],
    capabilities: (binary) => ({
      browserName: "firefox",
      "moz:firefoxOptions": { binary, args: ["-headless", "-width=1100", "-height=900"] },
    }),
  },
  {
    name: "WebKitGTK",
    driver: which("WebKitWebDriver", "/usr/bin/WebKitWebDriver"),
    binary: MINIBROWSER,
    port: 4445,
    args: (port) => [`--port=${port}`],
    // MiniBrowser has no headless mode: it runs on an Xvfb display.
    display: ":97",
    capabilities: (binary) => ({
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary, args: ["--automation", "--geometry=1100x900"] },
    }),
  },
];

/** Why `engine` cannot run here, or false. */
export const missing = (engine) => (!engine.driver ? "driver not installed" : !engine.binary ? "browser not installed" : false);

/**
 * Starts `engine`'s driver (and its Xvfb display) for sessions made with
 * `driver.session()`; `driver.stop()` ends them all.
 */
export async function startEngine(engine) {
  const env = { ...process.env };
  const children = [];
  if (engine.display) {
    children.push(spawn("Xvfb", [engine.display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], { stdio: "ignore" }));
    await sleep(500);
    env.DISPLAY = engine.display;
  }
  try {
    children.push(await startDriver(engine.driver, engine.args(engine.port), engine.port, env));
  } catch (error) {
    children.forEach((c) => c.kill());
    throw error;
  }
  return {
    session: () => Session.create(engine.port, engine.capabilities(engine.binary)),
    stop: () => children.reverse().forEach((c) => c.kill()),
  };
}

/** Starts a driver binary on `port` and waits until it answers /status. */
export async function startDriver(command, args, port, env = process.env) {
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], env });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return child;
    } catch {}
    if (child.exitCode !== null) throw new Error(`${command} exited: ${stderr}`);
    await sleep(100);
  }
  child.kill();
  throw new Error(`${command} did not start on port ${port}: ${stderr}`);
}

/** Longer than any page load or script the suites and the benchmark allow (120 s). */
const COMMAND_TIMEOUT_MS = 180_000;

export class Session {
  static async create(port, capabilities) {
    const res = await fetch(`http://127.0.0.1:${port}/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ capabilities: { alwaysMatch: capabilities } }),
      signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`new session: ${JSON.stringify(body.value)}`);
    return new Session(port, body.value.sessionId, body.value.capabilities);
  }

  constructor(port, id, capabilities) {
    this.base = `http://127.0.0.1:${port}/session/${id}`;
    this.capabilities = capabilities;
  }

  async command(method, path, body) {
    const res = await fetch(this.base + path, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A browser that died under its driver leaves the request unanswered.
      signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value).slice(0, 500)}`);
    return json.value;
  }

  goto(url) {
    return this.command("POST", "/url", { url });
  }

  /** Runs `fn` (a function, serialized) in the page with JSON arguments. */
  run(fn, ...args) {
    return this.command("POST", "/execute/sync", { script: `return (${fn}).apply(null, arguments)`, args });
  }

  /** Runs `fn` in the page and waits for the promise it returns (within the session's script timeout). */
  runAsync(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve((${fn}).apply(null, [...arguments].slice(0, -1))).then(done, (e) => done({ error: String(e) }));`;
    return this.command("POST", "/execute/async", { script, args });
  }

  /**
   * Polls `fn` until it returns a truthy value (returned) or times out. On a
   * timeout the error carries what `explain`, run in the page with the same
   * arguments, says of the page's state, if given.
   */
  async waitFor(fn, args = [], { timeout = 20_000, what = String(fn), explain } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      last = await this.run(fn, ...args);
      if (last) return last;
      await sleep(100);
    }
    const state = explain
      ? `; ${JSON.stringify(await this.run(explain, ...args).catch((e) => `explain failed: ${e.message}`))}`
      : "";
    throw new Error(`timed out waiting for ${what.slice(0, 200)} (last: ${JSON.stringify(last)})${state}`);
  }

  /** Presses keys (WebDriver key names: "\uE007" Enter, "\uE014" ArrowRight…) on the focused element. */
  keys(...keys) {
    const actions = keys.flatMap((value) => [
      { type: "keyDown", value },
      { type: "keyUp", value },
    ]);
    return this.command("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  }

  async screenshot() {
    return Buffer.from(await this.command("GET", "/screenshot"), "base64");
  }

  async close() {
    await fetch(this.base, { method: "DELETE", signal: AbortSignal.timeout(30_000) }).catch(() => {});
  }
}

export const KEY = { enter: "\uE007", escape: "\uE00C", left: "\uE012", right: "\uE014", tab: "\uE004" };
