// Waits, through the page's DevTools session, until every embed of a
// benchmark page is ready (the page resolves `window.__whenDone`).
//
// Not Playwright's `waitForFunction`: its polling first evaluates
// Playwright's injected script (≈ 330 KB) in the page, a 10–40 ms task that
// lands at a random moment of the measured view. A renderer still at work
// then waits for it: on repeat views it cost the widget, still waiting for
// its cached wasm, 20–40 ms that the reference (done by then) never paid.
// One `Runtime.evaluate` awaiting the page's own promise costs nothing.
export async function whenDone(cdp, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      // `false` until the new document's hooks have run (just after commit).
      const { result } = await cdp.send("Runtime.evaluate", {
        expression: "window.__whenDone ? window.__whenDone.then(() => true) : false",
        awaitPromise: true,
        returnByValue: true,
      });
      if (result.value === true) return;
    } catch (error) {
      // The old document's context went away under the call: ask the new one.
      if (!/context|navigat/i.test(String(error?.message))) throw error;
    }
    if (Date.now() > deadline) throw new Error(`bench: not every embed was ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
