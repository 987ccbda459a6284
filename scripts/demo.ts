// `npm run demo`: the product on its embedded defaults, both halves. Starts the Lime CRM sandbox with its
// demo data and its stand-in web client (which loads the Lime package exactly as Lime does), and the relay
// with relay/config.example.yaml; sends the real Userlike sample conversation as Userlike's Lime add-on
// would, then the same conversation again with a file in it; prints the link the relay answered (it opens
// the object in the stand-in web client), what was written in Lime, and how to connect another
// conversation from the relation tab; and leaves everything running to explore.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../relay/src/config/load-config.ts';
import { createRelay } from '../relay/src/create-relay.ts';
import { createLogger } from '../relay/src/logger.ts';
import { startSandbox } from '../sandbox/src/start-sandbox.ts';

const sandboxPort = readPort('SANDBOX_PORT', 8090);
const relayPort = readPort('PORT', 8080);
const relayApiKey = process.env.RELAY_API_KEY ?? 'demo-relay-key-change-me';

/** A port from the environment (0: any free one); anything else ends the demo naming the variable. */
function readPort(variable: string, fallback: number): number {
    const text = process.env[variable] || String(fallback);
    const port = Number(text);
    if (Number.isInteger(port) && port >= 0 && port <= 65_535) return port;
    console.error(`${variable} must be a port number from 0 to 65535, got "${text}".`);
    process.exit(1);
}

/** A port that is taken ends the demo with one line naming it and its variable, not a stack trace. */
function exitIfPortInUse(error: unknown, variable: string, port: number): never {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.error(
        `Port ${port} is in use (${variable}): stop what listens on it, or choose another: ${variable}=${port + 1} npm run demo`
    );
    process.exit(1);
}

// Both keep their data under ./data, so the demo survives a restart and a re-send finds its object again.
const sandbox = await startSandbox({
    port: sandboxPort,
    databasePath: './data/demo-lime.sqlite',
}).catch((error: unknown) => exitIfPortInUse(error, 'SANDBOX_PORT', sandboxPort));

// Userlike's media host cannot be reached from here: a local server hands out the demo's file instead,
// and the relay's test-only media override lets it fetch from 127.0.0.1 over http.
const file = Buffer.from('%PDF-1.4\n% The invoice the contact sent in the chat (demo file)\n');
const mediaHost = createServer((_request, response) => {
    response.writeHead(200, {
        'content-type': 'application/pdf',
        'content-length': String(file.length),
    });
    response.end(file);
}).listen(0, '127.0.0.1');
await new Promise((resolve) => mediaHost.once('listening', resolve));
const mediaUrl = `http://127.0.0.1:${(mediaHost.address() as AddressInfo).port}/api/um/media/download/invoice-2024-02.pdf`;

const raw = parseYaml(
    readFileSync(new URL('../relay/config.example.yaml', import.meta.url), 'utf8')
);
raw.tenants.default.media.allowedHosts = ['127.0.0.1'];
const config = parseConfig(raw, {
    ...process.env,
    LIME_BASE_URL: sandbox.baseUrl,
    LIME_API_KEY: sandbox.apiKey,
    RELAY_API_KEY: relayApiKey,
});
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
const relay = await createRelay({
    config,
    logger,
    mediaTestOverride: { allowHttp: true, allowAddresses: ['127.0.0.1'] },
});
const server = relay.app.listen(relayPort, '127.0.0.1');
await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
}).catch((error: unknown) => exitIfPortInUse(error, 'PORT', relayPort));
const relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function send(body: string): Promise<{ status: number; answer: unknown }> {
    const response = await fetch(`${relayUrl}/userlike/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': relayApiKey },
        body,
    });
    return { status: response.status, answer: await response.json() };
}

const sample = readFileSync(
    new URL('../test/fixtures/userlike/conversation-sample.json', import.meta.url),
    'utf8'
);
const first = await send(sample);

const withMedia = JSON.parse(
    readFileSync(
        new URL('../test/fixtures/userlike/conversation-with-media.json', import.meta.url),
        'utf8'
    )
);
for (const item of withMedia.transcript) {
    if (item.type === 'media') {
        item.url = mediaUrl;
        item.file.url = mediaUrl;
    }
}
const second = await send(JSON.stringify(withMedia));
// The file is imported in the background; wait for its job before printing what Lime holds.
for (const job of await relay.store.list({ limit: 1000 })) {
    if (job.kind === 'media') await relay.worker.waitFor(job.id, 30_000);
}

const conversationId = withMedia.id as number;
const objectUrl = (second.answer as { url?: string }).url ?? '(no url)';
const record = sandbox.objects('ulconversation').find((r) => r.conversationid === conversationId);
const notes = sandbox.objects('history').filter((h) => record && h.ulconversation === record._id);
const documents = sandbox
    .objects('document')
    .filter((d) => String(d.ul_messageid).startsWith(`${conversationId}.`));

console.log(`
Lime CRM sandbox   ${sandbox.baseUrl}   (x-api-key: ${sandbox.apiKey})
Relay              ${relayUrl}/userlike/   (x-api-key: ${relayApiKey})

Sent the Userlike sample conversation ${conversationId}: ${first.status} ${JSON.stringify(first.answer)}
Sent it again with a file in it:          ${second.status} ${JSON.stringify(second.answer)}

Written in Lime:
  conversation record  ulconversation ${record?._id} → ${record?.helpdesk ? `helpdesk ${record.helpdesk}` : 'none'}
  document(s)          ${documents.map((d) => `document ${d._id} "${d.comment}" (file ${d.document})`).join(', ') || 'none'}
  history note(s)      ${notes.map((n) => `history ${n._id}`).join(', ') || 'none'}
${notes.map((n) => `\n${String(n.note).replace(/^/gm, '    ')}`).join('\n')}

Lime web client    ${objectUrl}
                   (the link the relay answered Userlike with; add ?lang=sv for Swedish)

Try the Lime half in the web client:
  1. Open the link: the card's "Userlike conversations" lists conversation ${conversationId} with its notes.
  2. In the "Conversations" tab, click "Create Conversation" and enter 5550099: the prompt connects it.
  3. Send conversation 5550099 as Userlike would:  npm run demo:send -- 5550099
  4. Reload the page: the conversation landed on the same object, with its note.

Send the sample again:  curl -s -X POST ${relayUrl}/userlike/ -H 'content-type: application/json' -H 'x-api-key: ${relayApiKey}' --data @test/fixtures/userlike/conversation-sample.json
Everything keeps running; press Ctrl+C to stop. Data is kept in ./data (delete it to start afresh).`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
        server.close();
        mediaHost.close();
        await relay.stop({ timeoutMs: 5_000 });
        await sandbox.close();
        process.exit(0);
    });
}
