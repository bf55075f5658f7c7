import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { demoContext, demoRouter } from '../helpers/chat-context.js';

const manifest = JSON.parse(readFileSync(projectPath('manifest', 'manifest.template.json'), 'utf8'));
const titles = [...new Set<string>(manifest.bots[0].commandLists.flatMap((list: { commands: { title: string }[] }) => list.commands.map((c) => c.title)))];

describe('every command in the Teams command menu is understood as sent (its bare title)', () => {
  it.each(titles)('"%s"', async (title) => {
    const { intent, reply } = await demoRouter().reply(title, await demoContext({ personId: 'tilly-flanagan' }));
    expect(intent).not.toBe('not-understood');
    expect(reply.text).not.toMatch(/can't find an action matching "of"/);
  });

  it('a bare "update" offers the lead\'s own open actions', async () => {
    const { reply } = await demoRouter().reply('update', await demoContext({ personId: 'tilly-flanagan' }));
    const choices = (reply.card!.data.choices as { ask: string }[]).map((c) => c.ask);
    expect(choices).toContain('update staffs-cdp-12');
  });
});
