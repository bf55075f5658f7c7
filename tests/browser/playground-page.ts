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
    // Tall enough for the update form to fit, so element screenshots are not clipped by the chat pane.
    viewport: { width: 1280, height: 1800 },
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

  /**
   * Types a question as the user and returns the bot's answer: the first card sent after the
   * question whose text matches `answer`. Matching on the answer (not just "the next card") keeps
   * the test right when another card arrives meanwhile, such as the welcome card on install.
   */
  async ask(text: string, answer: string | RegExp, timeoutMs = 20_000): Promise<Locator> {
    const before = await this.cards.count();
    await this.composeBox.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    const index = await this.waitForCard(before, answer, timeoutMs);
    const card = this.cards.nth(index);
    await card.scrollIntoViewIfNeeded();
    return card;
  }

  /** Index of the first card at or after `from` whose text matches; polls until `timeoutMs`. */
  async waitForCard(from: number, answer: string | RegExp, timeoutMs = 20_000): Promise<number> {
    const pattern = typeof answer === 'string' ? { source: answer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags: '' } : { source: answer.source, flags: answer.flags };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = await this.cards.evaluateAll(
        (elements, { from, source, flags }) => elements.findIndex((el, i) => i >= from && new RegExp(source, flags).test((el as HTMLElement).innerText)),
        { from, ...pattern },
      );
      if (index >= 0) return index;
      if (Date.now() > deadline) {
        const last = await this.cards.last().innerText().catch(() => '(no card)');
        throw new Error(`no card matching ${String(answer)} within ${timeoutMs} ms; the last card says:\n${last.slice(0, 600)}`);
      }
      await this.page.waitForTimeout(100);
    }
  }

  async screenshot(name: string, target?: Locator): Promise<string> {
    const file = path.join(this.artifactsDir, `${name}.png`);
    if (target) await target.screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    return file;
  }
}
