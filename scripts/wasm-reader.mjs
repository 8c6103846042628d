// Reading a wasm module's bytes, for scripts/size.mjs (what each crate
// weighs) and scripts/short-imports.mjs (the imports renamed): unsigned
// LEB128 numbers, names, and the import entries both walk.
export class WasmReader {
  constructor(bytes) {
    this.bytes = bytes;
    this.pos = 8; // past the magic number and the version
  }

  /** An unsigned LEB128 number. */
  leb() {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = this.bytes[this.pos++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  }

  /** A name: its length, then its UTF-8 bytes. */
  name() {
    const length = this.leb();
    return this.bytes.subarray(this.pos, (this.pos += length)).toString("utf8");
  }

  /** One entry of the import section: its module, its field and its kind
   * (0 a function), the position past it. */
  importEntry() {
    const module = this.name();
    const field = this.name();
    const descStart = this.pos;
    const kind = this.bytes[this.pos++];
    if (kind === 0) this.leb();
    else if (kind === 1) { this.pos++; const flags = this.leb(); this.leb(); if (flags & 1) this.leb(); }
    else if (kind === 2) { const flags = this.leb(); this.leb(); if (flags & 1) this.leb(); }
    else if (kind === 3) this.pos += 2;
    else if (kind === 4) { this.pos++; this.leb(); }
    else throw new Error(`import kind ${kind} unknown`);
    return { module, field, kind, desc: this.bytes.subarray(descStart, this.pos) };
  }
}

/** `value` as an unsigned LEB128 number. */
export function encodeLeb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}
