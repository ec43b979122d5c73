import { describe, expect, it } from 'vitest';
import { LsbBitWriter } from './lsb-bit-writer.js';

describe('LsbBitWriter', () => {
  it('packs fields least-significant bit first and zero-pads the last byte', () => {
    const writer = new LsbBitWriter();
    writer.write(0b1, 1);
    writer.write(0b10, 2);
    writer.write(0b11111, 5);
    writer.write(0b101, 3);
    expect(Array.from(writer.finish())).toEqual([0b11111101, 0b101]);
  });

  it('writes VP8L-style headers spanning byte boundaries', () => {
    const writer = new LsbBitWriter();
    writer.write(0x2f, 8);
    writer.write(1023 - 1, 14);
    writer.write(17 - 1, 14);
    writer.write(0, 4);
    const bytes = writer.finish();
    const packed = new DataView(bytes.buffer, bytes.byteOffset).getUint32(1, true);
    expect(bytes[0]).toBe(0x2f);
    expect((packed & 0x3fff) + 1).toBe(1023);
    expect(((packed >>> 14) & 0x3fff) + 1).toBe(17);
  });

  it('ignores bits above the field width and grows past its initial capacity', () => {
    const writer = new LsbBitWriter(16);
    for (let index = 0; index < 1000; index += 1) {
      writer.write(0xfff00 | (index & 0xff), 8);
    }
    writer.write(0, 0);
    const bytes = writer.finish();
    expect(bytes).toHaveLength(1000);
    expect(Array.from(bytes.subarray(250, 254))).toEqual([250, 251, 252, 253]);
  });
});
