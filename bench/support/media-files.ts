import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * The generated media files of the media benchmark: `bytes` deterministic bytes per file index, produced
 * block by block (64 KiB) so neither the media server nor the checker ever holds a whole file. Each block
 * differs (file index and block number are mixed in), so a dropped, repeated or reordered block changes
 * the file's hash.
 */

const BLOCK_BYTES = 64 * 1024;

/** The path the media server serves file `index` of `bytes` bytes at. */
export function buildMediaPath(index: number, bytes: number): string {
    return `/files/${index}-${bytes}.bin`;
}

/** Reads `index` and `bytes` back from a media path; undefined for any other path. */
export function parseMediaPath(path: string): { index: number; bytes: number } | undefined {
    const match = /^\/files\/(\d{1,6})-(\d{1,12})\.bin$/.exec(path);
    if (!match) return undefined;
    return { index: Number(match[1]), bytes: Number(match[2]) };
}

/** File `index`'s base block: a xorshift32 sequence seeded from the index (cheap, not cryptographic). */
function generateBaseBlock(index: number): Buffer {
    const words = new Uint32Array(BLOCK_BYTES / 4);
    let state = Math.imul(index + 1, 0x9e3779b1) >>> 0 || 1;
    for (let word = 0; word < words.length; word++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        words[word] = state;
    }
    return Buffer.from(words.buffer);
}

/**
 * The file's blocks: copies of its base block with the block number in the first 8 bytes. A copy is a
 * memcpy, so the generator is far faster than any pipe it feeds and never the bottleneck measured.
 */
function* generateBlocks(index: number, bytes: number): Generator<Buffer> {
    const base = generateBaseBlock(index);
    for (let start = 0, block = 0; start < bytes; start += BLOCK_BYTES, block++) {
        const length = Math.min(BLOCK_BYTES, bytes - start);
        const chunk = Buffer.allocUnsafe(length);
        base.copy(chunk, 0, 0, length);
        if (length >= 8) chunk.writeBigUInt64LE(BigInt(block), 0);
        yield chunk;
    }
}

/** File `index` as a stream of `bytes` bytes. */
export function createMediaFileStream(index: number, bytes: number): Readable {
    return Readable.from(generateBlocks(index, bytes), { objectMode: false });
}

/** The SHA-256 (hex) of file `index` of `bytes` bytes, computed block by block. */
export function computeMediaFileHash(index: number, bytes: number): string {
    const hash = createHash('sha256');
    for (const block of generateBlocks(index, bytes)) hash.update(block);
    return hash.digest('hex');
}
