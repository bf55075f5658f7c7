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
import { mkdir, rm } from 'node:fs/promises';
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

  it('"when is the next call-in date?" answers Friday 4 December 2020 at 2pm, with the clock fixed', async () => {
    await step('call-in', async () => {
      const card = await playground.ask('when is the next call-in date?', 'reserved for call-in');
      const text = await card.innerText();
      expect(text).toContain('Friday 4 December 2020 at 2pm');
      expect(text).toContain('Corporate Review Committee');
      await playground.screenshot('call-in-card', card);
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

  // Refreshes the picture in the README (SAVE_DOCS_SCREENSHOT=1 npm run test:browser): the question
  // and the answer card as they appear in the Playground's conversation pane.
  it.runIf(process.env.SAVE_DOCS_SCREENSHOT === '1')('saves the README screenshot of a real answer', async () => {
    const page = browser.page;
    await page.setViewportSize({ width: 1280, height: 1100 });
    const question = 'when is the next call-in date?';
    const card = await playground.ask(question, 'reserved for call-in');
    // The user's question bubble: the nearest element above the card with exactly that text, in
    // the conversation pane (the log panel on the right repeats the text). Scrolled to the top so
    // the question and the whole answer are on screen together.
    const cardTop = (await card.boundingBox())?.y ?? 0;
    const cardRight = await card.evaluate((el) => el.getBoundingClientRect().right);
    const bubble = page.getByText(question, { exact: true });
    const bubbleIndex = await bubble.evaluateAll(
      (elements, { cardTop, cardRight }) => {
        let best = -1;
        elements.forEach((el, i) => {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.top < cardTop && r.left < cardRight + 200 && (best < 0 || r.top > elements[best]!.getBoundingClientRect().top)) best = i;
        });
        return best;
      },
      { cardTop, cardRight },
    );
    if (bubbleIndex < 0) throw new Error('the question bubble is not above the answer');
    await bubble.nth(bubbleIndex).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const [cardBox, bubbleBox] = [await card.boundingBox(), await bubble.nth(bubbleIndex).boundingBox()];
    if (!cardBox || !bubbleBox) throw new Error('the question or the answer is not on screen');
    const left = cardBox.x - 64;
    const top = Math.max(0, bubbleBox.y - 32);
    const docs = projectPath('docs', 'screenshots');
    await mkdir(docs, { recursive: true });
    await page.screenshot({
      path: `${docs}/playground-answer.png`,
      clip: { x: left, y: top, width: bubbleBox.x + bubbleBox.width + 24 - left, height: cardBox.y + cardBox.height + 24 - top },
    });
  });
});
