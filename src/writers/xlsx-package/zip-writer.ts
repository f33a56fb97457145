import { closeSync, openSync, writeSync } from 'node:fs';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';

/**
 * A ZIP archive (APPNOTE 6.3.10, https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT) written
 * to a file: entries deflated (method 8), a central directory at the end. An entry may be streamed:
 * its text is deflated in chunks as it comes, each chunk on its own and flushed to a byte boundary
 * (as pigz does), so chunks are deflated on libuv's thread pool while the caller builds the next ones,
 * and written in order. The local header is patched with the CRC and sizes when the entry ends, so
 * the archive needs no data descriptors. No ZIP64: an archive or entry reaching 4 GiB is refused.
 */
export class ZipWriter {
  private readonly fd: number;
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private open: ZipEntryWriter | null = null;
  private closed = false;

  /** Creates (or truncates) the file at `path`. */
  constructor(
    path: string,
    private readonly level: number = DEFAULT_DEFLATE_LEVEL,
  ) {
    this.fd = openSync(path, 'w');
  }

  /** Adds a whole entry at once. */
  async addEntry(name: string, data: string | Buffer): Promise<void> {
    const entry = this.startEntry(name);
    entry.write(data);
    await entry.end();
  }

  /** Starts an entry written piece by piece; only one entry is open at a time. */
  startEntry(name: string): ZipEntryWriter {
    this.assertWritable();
    if (this.open !== null) {
      throw new Error(`zip: entry ${this.open.name} is still open`);
    }
    const nameBytes = Buffer.from(name, 'utf8');
    const headerOffset = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(VERSION_NEEDED, 4);
    header.writeUInt16LE(UTF8_NAMES_FLAG, 6);
    header.writeUInt16LE(METHOD_DEFLATE, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    // CRC and sizes (14..25) are patched when the entry ends.
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    this.writeBytes(header);
    this.writeBytes(nameBytes);
    const entry = new ZipEntryWriter(
      name,
      this.level,
      (chunk) => this.writeBytes(chunk),
      (result) => {
        const patch = Buffer.alloc(12);
        patch.writeUInt32LE(result.crc, 0);
        patch.writeUInt32LE(result.compressedSize, 4);
        patch.writeUInt32LE(result.size, 8);
        writeSync(this.fd, patch, 0, 12, headerOffset + 14);
        this.entries.push({ nameBytes, headerOffset, ...result });
        this.open = null;
      },
    );
    this.open = entry;
    return entry;
  }

  /** Writes the central directory and closes the file. */
  finish(): void {
    this.assertWritable();
    if (this.open !== null) {
      throw new Error(`zip: entry ${this.open.name} is still open`);
    }
    const directoryOffset = this.offset;
    for (const entry of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(VERSION_MADE_BY, 4);
      record.writeUInt16LE(VERSION_NEEDED, 6);
      record.writeUInt16LE(UTF8_NAMES_FLAG, 8);
      record.writeUInt16LE(METHOD_DEFLATE, 10);
      record.writeUInt16LE(DOS_TIME, 12);
      record.writeUInt16LE(DOS_DATE, 14);
      record.writeUInt32LE(entry.crc, 16);
      record.writeUInt32LE(entry.compressedSize, 20);
      record.writeUInt32LE(entry.size, 24);
      record.writeUInt16LE(entry.nameBytes.length, 28);
      // Extra, comment, disk number, internal attributes: 0.
      record.writeUInt32LE(REGULAR_FILE_ATTRIBUTES, 38);
      record.writeUInt32LE(entry.headerOffset, 42);
      this.writeBytes(record);
      this.writeBytes(entry.nameBytes);
    }
    const directorySize = this.offset - directoryOffset;
    if (this.entries.length > 0xffff) {
      throw new Error(`zip: ${this.entries.length} entries need ZIP64, which this writer does not write`);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(directorySize, 12);
    end.writeUInt32LE(directoryOffset, 16);
    this.writeBytes(end);
    this.close();
  }

  /** Closes the file without finishing the archive (after an error). Safe to call twice. */
  close(): void {
    if (!this.closed) {
      this.closed = true;
      closeSync(this.fd);
    }
  }

  private writeBytes(bytes: Buffer): void {
    // A chunk deflated after the archive was closed (an error elsewhere) must not reach a descriptor
    // number the system may already have given to another file.
    this.assertWritable();
    if (this.offset + bytes.length > MAX_ZIP32_BYTES) {
      throw new Error('zip: the archive would reach 4 GiB, which needs ZIP64; this writer refuses it');
    }
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(this.fd, bytes, written, bytes.length - written);
    }
    this.offset += bytes.length;
  }

  private assertWritable(): void {
    if (this.closed) {
      throw new Error('zip: the archive is already closed');
    }
  }
}

/** One entry being written: text or bytes in, deflated in chunks of CHUNK_CHARS or more. */
export class ZipEntryWriter {
  private pending: string[] = [];
  private pendingLength = 0;
  private crc = 0;
  private size = 0;
  private compressedSize = 0;
  private ended = false;
  /** Chunks being deflated, oldest first; each settles once its bytes are written. */
  private readonly inFlight: Array<Promise<void>> = [];
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    readonly name: string,
    private readonly level: number,
    private readonly emit: (chunk: Buffer) => void,
    private readonly onEnd: (result: { crc: number; size: number; compressedSize: number }) => void,
  ) {}

  /** Appends text (UTF-8) or bytes. Text is gathered and deflated once a chunk's worth has come. */
  write(data: string | Buffer): void {
    if (this.ended) {
      throw new Error(`zip: entry ${this.name} has ended`);
    }
    if (typeof data !== 'string') {
      this.flushText();
      this.deflate(data);
      return;
    }
    this.pending.push(data);
    this.pendingLength += data.length;
    if (this.pendingLength >= CHUNK_CHARS) {
      this.flushText();
    }
  }

  /** True when enough chunks are being deflated that the writer should wait (see drain). */
  get needsDrain(): boolean {
    return this.inFlight.length >= MAX_CHUNKS_IN_FLIGHT;
  }

  /** Waits until fewer than MAX_CHUNKS_IN_FLIGHT chunks are being deflated: bounds the memory held. */
  async drain(): Promise<void> {
    while (this.inFlight.length >= MAX_CHUNKS_IN_FLIGHT) {
      await this.inFlight[0];
    }
    this.throwFailure();
  }

  /** Deflates what is left, ends the deflate stream and waits until every byte is written. */
  async end(): Promise<void> {
    if (this.ended) {
      throw new Error(`zip: entry ${this.name} has ended`);
    }
    this.flushText();
    this.ended = true;
    await this.tail;
    this.throwFailure();
    // The last block (Z_FINISH on no input): an empty final block that ends the deflate stream.
    const last = deflateRawSync(Buffer.alloc(0), { level: this.level, finishFlush: constants.Z_FINISH });
    this.compressedSize += last.length;
    this.emit(last);
    this.onEnd({ crc: this.crc >>> 0, size: this.size, compressedSize: this.compressedSize });
  }

  private flushText(): void {
    if (this.pendingLength === 0) return;
    const text = this.pending.length === 1 ? (this.pending[0] ?? '') : this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    this.deflate(Buffer.from(text, 'utf8'));
  }

  /**
   * Deflates one chunk on its own, on the thread pool, ending on a byte boundary (Z_SYNC_FLUSH: an
   * empty non-final stored block), so chunks concatenate into one valid deflate stream. The CRC is
   * taken here, in order; the compressed bytes are written in order as the chunks come back.
   */
  private deflate(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (this.size > MAX_ZIP32_BYTES) {
      throw new Error(`zip: entry ${this.name} reaches 4 GiB, which needs ZIP64; this writer refuses it`);
    }
    const compressed = new Promise<Buffer>((resolve, reject) => {
      deflateRaw(bytes, { level: this.level, finishFlush: constants.Z_SYNC_FLUSH }, (error, result) =>
        error === null ? resolve(result) : reject(error),
      );
    });
    const written = this.tail.then(async () => {
      const chunk = await compressed;
      if (this.failure !== null) {
        // An earlier chunk failed: the entry is lost, nothing more is written.
        return;
      }
      this.compressedSize += chunk.length;
      if (this.compressedSize > MAX_ZIP32_BYTES) {
        throw new Error(`zip: entry ${this.name} reaches 4 GiB, which needs ZIP64; this writer refuses it`);
      }
      this.emit(chunk);
    });
    const settled = written.then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= error;
      },
    );
    this.tail = settled;
    this.inFlight.push(settled);
    void settled.then(() => this.inFlight.shift());
  }

  private throwFailure(): void {
    if (this.failure !== null) {
      throw this.failure;
    }
  }
}

interface CentralEntry {
  nameBytes: Buffer;
  headerOffset: number;
  crc: number;
  size: number;
  compressedSize: number;
}

/** zlib's default: the level xlsxwriter (Python's zipfile) and Excel use. */
export const DEFAULT_DEFLATE_LEVEL = 6;
/** Characters of text gathered before a chunk is deflated: big enough that chunking costs < 1 % in size. */
const CHUNK_CHARS = 1 << 20;
/** Chunks deflated at once: enough to keep a second core busy, few enough to hold little memory. */
const MAX_CHUNKS_IN_FLIGHT = 4;
const MAX_ZIP32_BYTES = 0xffffffff;
const VERSION_NEEDED = 20;
/** Unix (3) << 8 | spec 2.0. */
const VERSION_MADE_BY = (3 << 8) | 20;
/** General purpose bit 11: names are UTF-8. */
const UTF8_NAMES_FLAG = 1 << 11;
const METHOD_DEFLATE = 8;
/** 1980-01-01 00:00: the entries carry no meaningful time (the workbook's own properties do). */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** -rw-r--r-- regular file, in the high 16 bits (Unix attributes). */
const REGULAR_FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
