/**
 * Administering the bot from chat: roles ("make Nick Pountney a democratic services admin"),
 * "who are the admins?", "what are my roles?", linking people in the plans to their Teams accounts
 * (by email, by Teams name, or in bulk from the directory) and "who is unmapped?". Every command is
 * checked in the core (domain/roles.ts, domain/role-admin.ts, domain/people-links.ts), answered
 * only in a personal chat, and audited.
 */
import type { Feature, Services } from '../../feature.js';
import type { AdminDeps } from './common.js';
import { adminIntents } from './intents.js';

export function adminFeature(services: Pick<Services, 'store' | 'directory' | 'config' | 'log'>): Feature {
  const deps: AdminDeps = { store: services.store, log: services.log, directory: services.directory, adminEmails: services.config.ADMIN_EMAILS };
  return { name: 'admin', intents: adminIntents(deps) };
}
