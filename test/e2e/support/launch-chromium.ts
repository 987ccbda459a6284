import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; playwright-core downloads no browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium with the flags this machine needs. */
export async function launchChromium(): Promise<Browser> {
    return chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
}
