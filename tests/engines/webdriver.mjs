// A minimal W3C WebDriver client (the parts the engine suite uses), so the
// same tests drive Firefox ESR through geckodriver and WebKitGTK through
// WebKitWebDriver with nothing but node's fetch. Playwright cannot drive
// Debian's Firefox or WebKit builds; WebDriver can.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

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

export class Session {
  static async create(port, capabilities) {
    const res = await fetch(`http://127.0.0.1:${port}/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ capabilities: { alwaysMatch: capabilities } }),
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

  /** Polls `fn` until it returns a truthy value (returned) or times out. */
  async waitFor(fn, args = [], { timeout = 20_000, what = String(fn) } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      last = await this.run(fn, ...args);
      if (last) return last;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what.slice(0, 200)} (last: ${JSON.stringify(last)})`);
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
    await fetch(this.base, { method: "DELETE" }).catch(() => {});
  }
}

export const KEY = { enter: "\uE007", escape: "\uE00C", left: "\uE012", right: "\uE014", tab: "\uE004" };
