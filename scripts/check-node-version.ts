// Proves that npm scripts run on the Node.js pinned in package.json (the `node` dependency puts
// its binary first on the PATH of every npm script), not on whatever the system has.
import { readFileSync } from 'node:fs';

const pinned: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    .dependencies.node;
const running = process.versions.node;
if (running !== pinned) {
    console.error(
        `Node.js ${running} is running, but the repository pins ${pinned}. ` +
            'Run the command through npm (npm test, npm start, …) after `npm install`.'
    );
    process.exit(1);
}
console.log(`Node.js ${running} (pinned ${pinned})`);
