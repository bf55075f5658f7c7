/**
 * The bot in a real browser: headless Debian Chromium drives the Microsoft 365 Agents Playground
 * (Teams' Adaptive Card renderer, a mocked Teams connector) talking to the real app on the demo
 * data, with the clock fixed at Friday 20 November 2020, noon. The Playground user is Tilly
 * Flanagan, delivery lead of "Pub is the Hub" (staffs-cdp-12), recognised by the bot exactly as in
 * Teams: by the email the connector's members endpoint returns.
 *
 * Screenshots of every step go to test-artifacts/browser/. With SAVE_DOCS_SCREENSHOT=1 the answer
 * card shown in the README is refreshed at docs/screenshots/playground-answer.png.
 *
 *   npm run test:browser
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { stableAadObjectId } from '../../scripts/playground/playground-config.js';
import { startPlaygroundStack, type PlaygroundStack } from '../../scripts/playground/stack.js';
import { launchChromium, PlaygroundPage, type Browser } from './playground-page.js';

const ARTIFACTS = projectPath('test-artifacts', 'browser');
const FIXED_NOW = '2020-11-20T12:00:00Z';

let stack: PlaygroundStack;
let browser: Browser;
let playground: PlaygroundPage;

beforeAll(async () => {
  const started = performance.now();
  await rm(ARTIFACTS, { recursive: true, force: true });
  stack = await startPlaygroundStack({
    env: { FIXED_NOW, LOG_LEVEL: 'silent' },
    botPort: 0,
    playgroundPort: 0,
  });
  browser = await launchChromium();
  playground = new PlaygroundPage(browser.page, ARTIFACTS);
  await playground.open(stack.playgroundUrl);
  process.stdout.write(`browser test: bot, Playground and Chromium ready in ${Math.round(performance.now() - started)} ms\n`);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Runs a step; on failure saves a screenshot of the whole page before failing. */
async function step(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    await playground.screenshot(`failed-${name}`).catch(() => undefined);
    throw error;
  }
}

describe('the bot in the Agents Playground (headless Chromium)', () => {
  it('the Playground user is a demo person the bot recognises', async () => {
    expect(stack.person?.email).toBe('tilly.flanagan@council.example');
    await step('identity', async () => {
      const card = await playground.ask('my actions', 'What you are delivering');
      expect(await card.innerText()).toContain('Pub is the Hub');
      // Recognised through the Playground's members endpoint (TeamsInfo.getMember → email), then linked.
      const snapshot = await stack.app.store.snapshot();
      expect(snapshot.personByAadObjectId(stableAadObjectId('tilly-flanagan'))?.name).toBe('Tilly Flanagan');
    });
  });

  it('asking for the status of an action shows its status card', async () => {
    await step('status', async () => {
      const card = await playground.ask('status of 2.2', '2.2 Review detailed savings plans');
      const text = await card.innerText();
      expect(text).toContain('2.2 Review detailed savings plans');
      expect(text).toContain('Slippage');
      expect(text).toContain('Friday 1 June 2018');
      await playground.screenshot('status-card', card);
      await playground.screenshot('status-page');
      if (process.env.SAVE_DOCS_SCREENSHOT === '1') {
        const docs = projectPath('docs', 'screenshots');
        await mkdir(docs, { recursive: true });
        const file = await playground.screenshot('docs-answer', browser.page.locator('main, [role=main]').first().or(browser.page.locator('body')).first());
        await copyFile(file, `${docs}/playground-answer.png`);
      }
    });
  });

  it('an action lead opens the update form, saves it, and the form changes in place to "Recorded by …"', async () => {
    const page = browser.page;
    await step('update-form', async () => {
      const form = await playground.ask('update Pub is the Hub', 'Record progress');
      const formIndex = (await playground.cards.count()) - 1;
      expect(await playground.cards.nth(formIndex).innerText()).toContain('Record progress');
      expect(await form.innerText()).toContain('Pub is the Hub');

      await form.getByRole('combobox', { name: /Status/ }).click();
      await page.getByRole('option', { name: 'On track', exact: true }).click();
      await form.getByRole('textbox', { name: /Commentary/ }).fill('12 pubs signed up; the first community events are booked for December.');
      await playground.screenshot('update-form-filled', form);

      const cardsBefore = await playground.cards.count();
      await form.getByRole('button', { name: 'Save update' }).click();
      // Action.Execute: the invoke response replaces the form where it stands, as in Teams.
      const recorded = playground.cards.nth(formIndex);
      await expect.poll(() => recorded.innerText(), { timeout: 20_000 }).toContain('Recorded by Tilly Flanagan');
      const text = await recorded.innerText();
      expect(text).toContain('Recorded by Tilly Flanagan at 12 noon on Friday 20 November 2020');
      expect(text).toContain('On track');
      expect(text).toContain('12 pubs signed up');
      expect(text).not.toContain('Save update');
      expect(await playground.cards.count()).toBe(cardsBefore);
      await recorded.scrollIntoViewIfNeeded();
      await playground.screenshot('update-recorded', recorded);
    });

    await step('update-saved', async () => {
      const status = await playground.ask('status of Pub is the Hub', 'Recorded by Tilly Flanagan');
      const text = await status.innerText();
      expect(text).toContain('On track');
      expect(text).toContain('12 pubs signed up');
      const snapshot = await stack.app.store.snapshot();
      expect(snapshot.action('staffs-cdp-12')?.status.canonical).toBe('ON_TRACK');
    });
  });
});
