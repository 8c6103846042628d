// Every article fixture we ship validates against the v1 JSON Schema, and
// documents that break the contract's required fields do not.
//   node --test tests/schema/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import Ajv from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const schema = JSON.parse(readFileSync(new URL("../../schema/article.v1.schema.json", import.meta.url)));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const dir = new URL("../../fixtures/api/articles/", import.meta.url);

test("every shipped fixture is a valid v1 article", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  assert.ok(files.length > 0);
  for (const file of files) {
    const article = JSON.parse(readFileSync(new URL(file, dir)));
    assert.ok(validate(article), `${file}: ${ajv.errorsText(validate.errors)}`);
  }
});

test("the schema rejects what the widget refuses", () => {
  const seed = JSON.parse(readFileSync(new URL("opening-asia-for-russia.json", dir)));
  for (const field of ["id", "url", "title", "published_at", "body_html"]) {
    const broken = { ...seed };
    delete broken[field];
    assert.equal(validate(broken), false, `without ${field}`);
  }
  assert.equal(validate({ ...seed, published_at: "29.08.2021" }), false);
  assert.equal(validate({ ...seed, views: -1 }), false);
  assert.equal(validate({ ...seed, views: 4.5 }), false);
  assert.equal(validate({ ...seed, something_new: true }), true, "unknown fields are allowed");
});
