/**
 * Drives the Microsoft 365 Agents Playground page in headless Debian Chromium (playwright-core; no
 * browser download). The selectors are the Playground's own: its compose box is a contenteditable
 * textbox, and bot messages are Adaptive Cards rendered by Teams' renderer (`.ac-adaptiveCard`).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags that work on this machine kind: no sandbox as root, and no background calls to Google. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'council-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export class PlaygroundPage {
  constructor(
    readonly page: Page,
    private readonly artifactsDir: string,
  ) {}

  get composeBox(): Locator {
    return this.page.locator('[role=textbox][contenteditable=true]');
  }

  /** Every Adaptive Card in the open conversation, oldest first. */
  get cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  async open(url: string): Promise<void> {
    await mkdir(this.artifactsDir, { recursive: true });
    await this.page.goto(url);
    await this.composeBox.waitFor({ state: 'visible', timeout: 30_000 });
    // The Playground connects to the bot (conversationUpdate, installationUpdate) before it is ready.
    await this.page.getByText('Connected.', { exact: true }).first().waitFor({ timeout: 30_000 });
  }

  /** Types a question as the user and returns the card the bot answers with. */
  async ask(text: string, timeoutMs = 20_000): Promise<Locator> {
    const before = await this.cards.count();
    await this.composeBox.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    const card = this.cards.nth(before);
    await card.waitFor({ state: 'visible', timeout: timeoutMs });
    await card.scrollIntoViewIfNeeded();
    return card;
  }

  async screenshot(name: string, target?: Locator): Promise<string> {
    const file = path.join(this.artifactsDir, `${name}.png`);
    if (target) await target.screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    return file;
  }
}
