// `npm run demo:send -- <conversation id>`: sends the real Userlike sample conversation, under another
// conversation id, to the relay that `npm run demo` started, as Userlike's Lime add-on would. Used to send
// a conversation that was connected to an object from Lime's relation tab.
import { readFileSync } from 'node:fs';

const id = Number(process.argv[2]);
if (!Number.isSafeInteger(id) || id <= 0) {
    console.error(
        'usage: npm run demo:send -- <conversation id>   (a positive integer, e.g. 5550099)'
    );
    process.exit(64);
}
const relayUrl = `http://127.0.0.1:${process.env.PORT ?? 8080}/userlike/`;
const payload = JSON.parse(
    readFileSync(
        new URL('../test/fixtures/userlike/conversation-sample.json', import.meta.url),
        'utf8'
    )
);
payload.id = id;
let response: Response;
try {
    response = await fetch(relayUrl, {
        method: 'POST',
        headers: {
            'content-type': 'application/json',
            'x-api-key': process.env.RELAY_API_KEY ?? 'demo-relay-key-change-me',
        },
        body: JSON.stringify(payload),
    });
} catch {
    console.error(`No relay answers at ${relayUrl}: start it with \`npm run demo\` first.`);
    process.exit(69);
}
console.log(`Sent conversation ${id}: ${response.status} ${await response.text()}`);
