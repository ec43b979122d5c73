/** Writes bit fields least-significant bit first, as VP8L (and DEFLATE) pack them. */
export class LsbBitWriter {
  #bytes: Uint8Array;
  #byteLength = 0;
  #pending = 0;
  #pendingBitCount = 0;

  /** @param initialCapacity Starting buffer size, in bytes; it grows as needed. */
  constructor(initialCapacity = 1024) {
    this.#bytes = new Uint8Array(Math.max(16, initialCapacity));
  }

  /**
   * Append the low `bitCount` bits of `value`, lowest first.
   *
   * @param bitCount 0 to 24.
   */
  write(value: number, bitCount: number): void {
    this.#pending |= (value & ((1 << bitCount) - 1)) << this.#pendingBitCount;
    this.#pendingBitCount += bitCount;
    if (this.#pendingBitCount >= 8) {
      this.#flushWholeBytes();
    }
  }

  /** The bytes written so far, the last one zero-padded. The writer must not be used afterwards. */
  finish(): Uint8Array {
    this.#flushWholeBytes();
    if (this.#pendingBitCount > 0) {
      this.#reserve(1);
      this.#bytes[this.#byteLength] = this.#pending & 0xff;
      this.#byteLength += 1;
      this.#pending = 0;
      this.#pendingBitCount = 0;
    }
    return this.#bytes.subarray(0, this.#byteLength);
  }

  #flushWholeBytes(): void {
    this.#reserve(4);
    while (this.#pendingBitCount >= 8) {
      this.#bytes[this.#byteLength] = this.#pending & 0xff;
      this.#byteLength += 1;
      this.#pending >>>= 8;
      this.#pendingBitCount -= 8;
    }
  }

  #reserve(byteCount: number): void {
    if (this.#byteLength + byteCount > this.#bytes.length) {
      const larger = new Uint8Array(this.#bytes.length * 2);
      larger.set(this.#bytes);
      this.#bytes = larger;
    }
  }
}
