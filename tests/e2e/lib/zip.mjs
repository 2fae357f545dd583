// A minimal zip reader for the tests: enough to open an xlsx the app wrote and read its parts
// (stored or deflated entries, found through the central directory). No dependency.

import zlib from 'node:zlib';

/** The entries of a zip archive: `Map(name → Buffer)`. Throws when `bytes` is not a zip. */
export function readZip(bytes) {
  const buf = Buffer.from(bytes);
  if (buf.readUInt32LE(0) !== 0x04034b50) throw new Error('not a zip: no local file header at 0');
  // End of central directory: the last 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${n}`);
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20); // compressed size
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    if (method === 0) entries.set(name, Buffer.from(data));
    else if (method === 8) entries.set(name, zlib.inflateRawSync(data));
    else throw new Error(`${name}: compression method ${method} not supported`);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
