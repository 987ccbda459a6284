import { createHash } from 'node:crypto';
import type { IntakeServerInfo, MemoryMeasurement } from '../servers/intake-server.ts';
import type { MediaServerInfo } from '../servers/media-server.ts';
import type { SandboxServerInfo } from '../servers/sandbox-server.ts';
import { startBenchChild, type BenchChild } from '../support/bench-child.ts';
import { copyMediaFile } from '../support/copy-media.ts';
import { buildMediaPath, computeMediaFileHash } from '../support/media-files.ts';
import { readSamplePayload, SEEDED_PERSON_EMAIL, type Payload } from '../support/payloads.ts';
import { BENCH_RELAY_API_KEY } from '../support/relay-config.ts';
import { median, ratio } from '../support/stats.ts';
import { startRelayTarget, startSandboxServer, takeConversationId } from '../support/targets.ts';

/**
 * Section 7: media import. A local media server streams generated files (nothing held in memory); a
 * relay process imports them as Lime documents into a sandbox process, from conversations whose
 * transcripts carry media items (the assumed shape of openapi/userlike-conversation.yaml). Measured:
 * MiB/s imported against a plain stream copy of the same files from the media server into the sandbox's
 * `POST /api/v1/file/` (the pipe without the relay), and the relay process's peak RSS during the import
 * against its peak before it (idle after start-up). Each run starts a fresh relay (`maxRSS` is a
 * high-water mark that never goes down) and empties the sandbox first; copy and relay runs alternate.
 */

export interface MediaSettings {
    repetitions: number;
    files: number;
    fileBytes: number;
    /** Media items per conversation. */
    filesPerConversation: number;
    /** Copies at once in the plain copy; the relay's `delivery.concurrency` is the same (4). */
    concurrency: number;
    /** Bound in time per run. */
    maxSecondsPerRun: number;
}

/** One relay import run. */
export interface MediaRelayRun {
    mibPerSecond: number;
    /** `maxRSS` after start-up, before the first conversation was posted. */
    idleMaxRssBytes: number;
    /** `maxRSS` once every file was imported. */
    peakMaxRssBytes: number;
}

export interface MediaResult {
    files: number;
    fileBytes: number;
    totalBytes: number;
    conversations: number;
    concurrency: number;
    /** Plain copy MiB/s, one value per run, and their median. */
    copyRuns: number[];
    copyMibPerSecond: number;
    relayRuns: MediaRelayRun[];
    relayMibPerSecond: number;
    /** Medians over the relay runs. */
    idleMaxRssBytes: number;
    peakMaxRssBytes: number;
    /** Median of (peak − idle) per run. */
    rssGrowthBytes: number;
}

const MIB = 1024 * 1024;
const POLL_MS = 20;

function mibPerSecond(bytes: number, milliseconds: number): number {
    return bytes / MIB / (milliseconds / 1000);
}

/** File index → message id, for checking what the sandbox holds. */
function messageIdOf(conversationId: number, index: number): string {
    return `${conversationId}.media.${index}`;
}

/** The sample conversation with media items for files `indexes` (as in test/relay/media.test.ts). */
function buildMediaConversation(
    conversationId: number,
    indexes: number[],
    settings: MediaSettings,
    mediaUrl: string
): Payload {
    const payload = readSamplePayload();
    payload.id = conversationId;
    (payload.contact as Payload).email = SEEDED_PERSON_EMAIL;
    const transcript = payload.transcript as Payload[];
    const template = transcript[1] as Payload;
    for (const index of indexes) {
        const url = `${mediaUrl}${buildMediaPath(index, settings.fileBytes)}`;
        const fileName = `file-${index}.bin`;
        const id = messageIdOf(conversationId, index);
        transcript.push({
            ...structuredClone(template),
            id,
            msgid: id,
            type: 'media',
            body: fileName,
            body_plain: fileName,
            url,
            file: {
                url,
                file_name: fileName,
                content_type: 'application/octet-stream',
                size: settings.fileBytes,
            },
        });
    }
    return payload;
}

/** Runs `work` for each item, `concurrency` at a time. */
async function forEachConcurrently<T>(
    items: T[],
    concurrency: number,
    work: (item: T) => Promise<void>
): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) await work(items[next++] as T);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The plain copy: every file from the media server into the sandbox's file API. Returns MiB/s. */
async function runPlainCopy(
    settings: MediaSettings,
    media: BenchChild<MediaServerInfo>,
    sandbox: BenchChild<SandboxServerInfo>
): Promise<number> {
    await sandbox.call('reset');
    const signal = AbortSignal.timeout(settings.maxSecondsPerRun * 1000);
    const indexes = Array.from({ length: settings.files }, (_, index) => index);
    const started = performance.now();
    await forEachConcurrently(indexes, settings.concurrency, async (index) => {
        const file = await copyMediaFile(
            `${media.info.url}${buildMediaPath(index, settings.fileBytes)}`,
            sandbox.info,
            `file-${index}.bin`,
            signal
        );
        if (file.size !== settings.fileBytes) {
            throw new Error(
                `Plain copy: the sandbox stored file-${index}.bin with ${file.size} bytes, not ${settings.fileBytes}`
            );
        }
    });
    return mibPerSecond(settings.files * settings.fileBytes, performance.now() - started);
}

async function postConversation(url: string, body: Payload, signal: AbortSignal): Promise<void> {
    const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': BENCH_RELAY_API_KEY },
        body: JSON.stringify(body),
        signal,
    });
    const text = await response.text();
    if (response.status !== 200) {
        throw new Error(`Media: the relay answered ${response.status} (${text.slice(0, 200)})`);
    }
}

/** Waits until the sandbox holds `expected` documents; fails fast on a dead-lettered media job. */
async function waitForDocuments(
    relay: BenchChild<IntakeServerInfo>,
    sandbox: BenchChild<SandboxServerInfo>,
    expected: number,
    deadline: number
): Promise<void> {
    for (let tick = 0; ; tick++) {
        const documents = await sandbox.call<number>('countObjects', 'document');
        if (documents >= expected) return;
        if (tick % 25 === 0) {
            const counts = await relay.call<Record<string, number>>('countDeliveries');
            if ((counts.dead ?? 0) > 0) {
                const errors = await relay.call<string[]>('listDeadErrors');
                throw new Error(`Media: ${counts.dead} import(s) failed: ${errors.join('; ')}`);
            }
        }
        if (performance.now() > deadline) {
            throw new Error(
                `Media: ${documents} of ${expected} files imported before the time limit`
            );
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
}

/** Checks that the sandbox holds every file once, with the right size and the generated bytes. */
async function checkImportedFiles(
    sandbox: BenchChild<SandboxServerInfo>,
    expected: Map<string, number>,
    fileBytes: number
): Promise<void> {
    const documents = await sandbox.call<{ messageId: string; fileId: number }[]>('listDocuments');
    if (documents.length !== expected.size) {
        throw new Error(
            `Media: the sandbox holds ${documents.length} documents, not ${expected.size}`
        );
    }
    const headers = { 'x-api-key': sandbox.info.apiKey };
    for (const document of documents) {
        const index = expected.get(document.messageId);
        if (index === undefined) {
            throw new Error(`Media: unexpected document for message ${document.messageId}`);
        }
        const base = `${sandbox.info.baseUrl}/api/v1/file/${document.fileId}`;
        const metadata = (await (await fetch(`${base}/`, { headers })).json()) as { size: number };
        if (metadata.size !== fileBytes) {
            throw new Error(
                `Media: file-${index}.bin was stored with ${metadata.size} bytes, not ${fileBytes}`
            );
        }
        const contents = await fetch(`${base}/contents/`, { headers });
        const hash = createHash('sha256');
        for await (const chunk of contents.body ?? []) hash.update(chunk as Uint8Array);
        if (hash.digest('hex') !== computeMediaFileHash(index, fileBytes)) {
            throw new Error(
                `Media: file-${index}.bin was stored with other bytes than were served`
            );
        }
    }
}

/** One relay run: a fresh relay imports every file; returns its MiB/s and peak RSS before and after. */
async function runRelayImport(
    settings: MediaSettings,
    media: BenchChild<MediaServerInfo>,
    sandbox: BenchChild<SandboxServerInfo>
): Promise<MediaRelayRun> {
    await sandbox.call('reset');
    const target = await startRelayTarget('sqlite-file', sandbox, {
        url: media.info.url,
        maxBytes: settings.fileBytes,
    });
    try {
        const relay = target.process as BenchChild<IntakeServerInfo>;
        const idle = await relay.call<MemoryMeasurement>('measureMemory');
        const servedBefore = await media.call<number>('countRequests');
        const expected = new Map<string, number>();
        const conversations: Payload[] = [];
        for (let first = 0; first < settings.files; first += settings.filesPerConversation) {
            const id = takeConversationId();
            const indexes = Array.from(
                { length: Math.min(settings.filesPerConversation, settings.files - first) },
                (_, offset) => first + offset
            );
            for (const index of indexes) expected.set(messageIdOf(id, index), index);
            conversations.push(buildMediaConversation(id, indexes, settings, media.info.url));
        }
        const signal = AbortSignal.timeout(settings.maxSecondsPerRun * 1000);
        const started = performance.now();
        await forEachConcurrently(conversations, settings.concurrency, (conversation) =>
            postConversation(`${target.url}${target.mountPath}`, conversation, signal)
        );
        await waitForDocuments(
            relay,
            sandbox,
            settings.files,
            started + settings.maxSecondsPerRun * 1000
        );
        const milliseconds = performance.now() - started;
        const peak = await relay.call<MemoryMeasurement>('measureMemory');
        const served = (await media.call<number>('countRequests')) - servedBefore;
        if (served !== settings.files) {
            throw new Error(`Media: the relay fetched ${served} files, not ${settings.files}`);
        }
        await checkImportedFiles(sandbox, expected, settings.fileBytes);
        return {
            mibPerSecond: mibPerSecond(settings.files * settings.fileBytes, milliseconds),
            idleMaxRssBytes: idle.maxRssBytes,
            peakMaxRssBytes: peak.maxRssBytes,
        };
    } finally {
        await target.stop();
    }
}

/** Section 7. */
export async function measureMedia(
    settings: MediaSettings,
    log: (line: string) => void
): Promise<MediaResult> {
    const media = await startBenchChild<MediaServerInfo>(
        new URL('../servers/media-server.ts', import.meta.url),
        {}
    );
    try {
        const sandbox = await startSandboxServer({ maxFileBytes: settings.fileBytes * 2 });
        try {
            const copyRuns: number[] = [];
            const relayRuns: MediaRelayRun[] = [];
            for (let round = 1; round <= settings.repetitions; round++) {
                const copy = await runPlainCopy(settings, media, sandbox);
                copyRuns.push(copy);
                const run = await runRelayImport(settings, media, sandbox);
                relayRuns.push(run);
                log(
                    `  media run ${round}: plain copy ${copy.toFixed(1)} MiB/s, relay ${run.mibPerSecond.toFixed(1)} MiB/s, ` +
                        `relay peak RSS ${(run.idleMaxRssBytes / MIB).toFixed(1)} → ${(run.peakMaxRssBytes / MIB).toFixed(1)} MiB`
                );
            }
            await sandbox.call('reset');
            return {
                files: settings.files,
                fileBytes: settings.fileBytes,
                totalBytes: settings.files * settings.fileBytes,
                conversations: Math.ceil(settings.files / settings.filesPerConversation),
                concurrency: settings.concurrency,
                copyRuns,
                copyMibPerSecond: median(copyRuns),
                relayRuns,
                relayMibPerSecond: median(relayRuns.map((run) => run.mibPerSecond)),
                idleMaxRssBytes: median(relayRuns.map((run) => run.idleMaxRssBytes)),
                peakMaxRssBytes: median(relayRuns.map((run) => run.peakMaxRssBytes)),
                rssGrowthBytes: median(
                    relayRuns.map((run) => run.peakMaxRssBytes - run.idleMaxRssBytes)
                ),
            };
        } finally {
            await sandbox.stop();
        }
    } finally {
        await media.stop();
    }
}

/** The section's headline ratios: relay MiB/s over plain copy, and RSS growth over the largest file. */
export function computeMediaRatios(result: MediaResult): {
    throughput: number;
    memory: number;
} {
    return {
        throughput: ratio(result.relayMibPerSecond, result.copyMibPerSecond),
        memory: ratio(result.rssGrowthBytes, result.fileBytes),
    };
}
