/** Debian's headless Chromium driven by playwright-core, kept strictly on loopback. */
import { Browser, chromium } from 'playwright-core';
import { CHROMIUM } from './paths';

export const VIEWPORT = { width: 1400, height: 900 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      // Without this Chromium still resolves Google hosts despite --disable-background-networking.
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
}
