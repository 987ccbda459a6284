/**
 * Benchmark child: the Lime sandbox (sandbox/) on an ephemeral loopback port, with a rate limit high
 * enough never to answer 429, and an upload limit of `BENCH_SANDBOX_MAX_FILE_BYTES` when set (the
 * sandbox's default otherwise). Operations: `countRequests`, `clearRequests`, `setLatency` (ms added to
 * every API request), `countObjects` (per limetype), `listDocuments` (message id and file id of every
 * document), `reset` (back to the seed data: drops every uploaded file).
 */
import { serveBenchChild } from '../support/bench-child.ts';
import { startSandbox } from '../../sandbox/src/start-sandbox.ts';

/** What the parent gets when the sandbox is ready. */
export interface SandboxServerInfo {
    baseUrl: string;
    apiKey: string;
}

const maxFileBytes = Number(process.env.BENCH_SANDBOX_MAX_FILE_BYTES ?? 0);
const sandbox = await startSandbox({
    rateLimit: { limit: 1_000_000_000, windowMs: 1_000 },
    ...(maxFileBytes > 0 ? { maxFileBytes } : {}),
});

serveBenchChild(
    { baseUrl: sandbox.baseUrl, apiKey: sandbox.apiKey } satisfies SandboxServerInfo,
    {
        countRequests: () => {
            const requests = sandbox.requests();
            const byKind: Record<string, number> = {};
            for (const request of requests) {
                // '/lime/api/v1/limeobject/person/' → 'GET limeobject/person'
                const path = request.path
                    .replace(/^.*\/api\/v1\//, '')
                    .replace(/\/\d+\/?/g, '/{id}/');
                const key = `${request.method} ${path.replace(/\/$/, '')}`;
                byKind[key] = (byKind[key] ?? 0) + 1;
            }
            return {
                total: requests.length,
                failed: requests.filter((request) => request.status >= 400 || request.status === 0)
                    .length,
                byKind,
            };
        },
        clearRequests: () => sandbox.clearRequests(),
        setLatency: (ms) => {
            const latencyMs = Number(ms);
            if (latencyMs > 0) sandbox.faults.set({ latencyMs });
            else sandbox.faults.clear();
        },
        countObjects: (limetype) => sandbox.objects(String(limetype)).length,
        listDocuments: () =>
            sandbox.objects('document').map((document) => ({
                messageId: document.ul_messageid,
                fileId: document.document,
            })),
        reset: () => sandbox.reset(),
    },
    () => sandbox.close()
);
