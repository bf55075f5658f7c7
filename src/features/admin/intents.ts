/**
 * Administration from chat: roles ("make Nick Pountney a democratic services admin", "remove … as
 * …", "who are the admins?", "what are my roles?") and accounts ("who is unmapped?", "Darryl Eyers
 * is darryl.evers@…", "link people from the directory").
 *
 * Every command that changes something checks the asker's rights in the core (domain/role-admin.ts,
 * domain/people-links.ts), works only in a personal chat (replies carry emails and roles), and is
 * written in one transaction with an AuditEntry holding the before and after.
 *
 * The commands live in one module per job (role-parse.ts, role-commands.ts, role-overview.ts,
 * unmapped.ts, link-person.ts, link-directory.ts, with common.ts for the guard and audit entry);
 * this file holds the intents and their order.
 */
import type { IntentDefinition } from '../../chat/types.js';
import type { AdminDeps } from './common.js';
import { linkFromDirectoryReply } from './link-directory.js';
import { linkReply } from './link-person.js';
import { roleCommandReply } from './role-commands.js';
import { adminsReply, myRolesReply } from './role-overview.js';
import { ROLE_WORD } from './role-parse.js';
import { unmappedReply } from './unmapped.js';

// ---------------------------------------------------------------------------------------------
// Intents
// ---------------------------------------------------------------------------------------------

const GRANT = new RegExp(`^(?:please\\s+)?(?:make|appoint|add|set|grant|give)\\s+(.+?)\\s+(?:as\\s+)?(?:an?\\s+|the\\s+)?${ROLE_WORD}(?:\\s+(?:role|rights))?(?:\\s+(?:for|of|on|in|over)\\s+(.+))?$`, 'i');
const REVOKE = new RegExp(`^(?:please\\s+)?(?:remove|revoke|take away|drop|demote)\\s+(.+?)\\s+(?:as|from being|from)\\s+(?:an?\\s+|the\\s+)?${ROLE_WORD}s?(?:\\s+(?:role|rights))?(?:\\s+(?:for|of|on|in|over)\\s+(.+))?$`, 'i');
const ADMINS = /^(?:who(?:'s| is| are)|list|show(?: me)?)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:bot\s+)?(?:admins?|administrators?|plan admins?|democratic services admins?)(?:\s+(?:for|of|on)\s+.+)?$|^(?:admins|administrators)$/i;
const MY_ROLES = /^(?:what are my roles|my roles|what roles do i have|which roles do i have|am i an? (?:admin|plan admin|democratic services admin)|what is my role|who am i)$/i;
const UNMAPPED =
  /^(?:who(?:'s| is| are)(?: still)?|show(?: me)?|list|which (?:owners|people|leads) are)?\s*(?:the\s+)?(?:unmapped|unlinked|unmatched|not linked|not mapped)(?:\s+(?:people|owners|names|leads|users|accounts))?$|^(?:which|what) (?:owners|people|leads) (?:have|has) no (?:account|email)s?$/i;
const FROM_DIRECTORY =
  /^(?:link|match|map|connect|look up)\s+(?:all\s+|the\s+)?(?:people|everyone|everybody|owners|unmapped(?:\s+(?:people|owners))?|leads|accounts)\s+(?:from|using|via|with|against|in)\s+(?:the\s+)?(?:directory|graph|microsoft graph|azure ad|aad|entra(?:\s+id)?)$/i;
const LINK_TO = /^link\s+(.+?)\s+(?:to|with)\s+(.+)$/i;
const IS_EMAIL = /^(?!(?:what|who|where|when|which|how|why|is|does|status)\b)(.+?)(?:'s email)?\s+is\s+(?:now\s+)?(<?(?:mailto:)?[^\s@]+@[^\s@]+>?)$/i;
const SET_EMAIL = /^set\s+(.+?)'s\s+email\s+(?:to|as)\s+(\S+@\S+)$/i;

export function adminIntents(deps: AdminDeps): IntentDefinition[] {
  return [
  {
    name: 'link-from-directory',
    examples: ['link people from the directory'],
    match: (text) => (FROM_DIRECTORY.test(text) ? {} : null),
    answer: (_s, ctx) => linkFromDirectoryReply(deps, ctx),
  },
  {
    name: 'who-is-unmapped',
    examples: ['who is unmapped?'],
    match: (text) => (UNMAPPED.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => unmappedReply(deps, ctx, text),
  },
  {
    name: 'who-are-the-admins',
    examples: ['who are the admins?'],
    match: (text) => (ADMINS.test(text) ? {} : null),
    answer: (_s, ctx) => adminsReply(deps, ctx),
  },
  {
    name: 'my-roles',
    examples: ['what are my roles?'],
    match: (text) => (MY_ROLES.test(text) ? {} : null),
    answer: (_s, ctx) => myRolesReply(deps, ctx),
  },
  {
    name: 'grant-role',
    examples: ['make Nick Pountney a democratic services admin', 'make Heather Greenan a plan admin for the CIP'],
    match: (text) => {
      const m = GRANT.exec(text);
      return m ? { who: m[1], role: m[2], plan: m[3] } : null;
    },
    answer: (s, ctx) => roleCommandReply(deps, ctx, { verb: 'make', who: s.who!, roleWord: s.role!, planWords: s.plan }),
  },
  {
    name: 'revoke-role',
    examples: ['remove Heather Greenan as plan admin for the CIP'],
    match: (text) => {
      const m = REVOKE.exec(text);
      return m ? { who: m[1], role: m[2], plan: m[3] } : null;
    },
    answer: (s, ctx) => roleCommandReply(deps, ctx, { verb: 'remove', who: s.who!, roleWord: s.role!, planWords: s.plan }),
  },
  {
    name: 'link-person',
    examples: ['Darryl Eyers is darryl.evers@council.example', 'link Darryl Eyers to darryl.evers@council.example'],
    match: (text) => {
      const m = LINK_TO.exec(text) ?? SET_EMAIL.exec(text) ?? IS_EMAIL.exec(text);
      return m ? { left: m[1], right: m[2] } : null;
    },
    answer: (s, ctx) => linkReply(deps, ctx, s.left!, s.right!),
  },
  ];
}
