/**
 * Who may talk to the bot, decided before anything of the activity is run or stored: the tenant
 * must be one the council configured (ALLOWED_TENANTS, defaulting to MicrosoftAppTenantId), and the
 * serviceUrl the bot would call must be allowed (outbound/service-url-policy.ts; with
 * authentication on it must also be the one in the token, checked in inbound-auth.ts).
 *
 * A refused activity is answered with its status code and logged with the reason; its
 * conversation reference, identity link and welcome claim are never written, because the turn
 * never starts.
 */
import type { Config } from '../config.js';
import type { ServiceUrlCheck } from '../outbound/service-url-policy.js';
import type { InboundActivity } from './inbound-activity.js';

export type Admission = { admitted: true; tenantId?: string } | { admitted: false; status: 403; reason: string; tenantId?: string };

/** The tenant an activity says it comes from: Teams puts it in channelData.tenant and conversation.tenantId. */
export function tenantOf(activity: InboundActivity): { tenantId?: string; conflict?: string } {
  const fromChannelData = activity.channelData?.tenant?.id?.toLowerCase();
  const fromConversation = activity.conversation.tenantId?.toLowerCase();
  if (fromChannelData && fromConversation && fromChannelData !== fromConversation) {
    return { tenantId: fromChannelData, conflict: `channelData.tenant.id (${fromChannelData}) and conversation.tenantId (${fromConversation}) disagree` };
  }
  return { tenantId: fromChannelData ?? fromConversation };
}

export function admit(activity: InboundActivity, allowedTenants: Config['allowedTenants'], serviceUrlAllowed: ServiceUrlCheck): Admission {
  const { tenantId, conflict } = tenantOf(activity);
  if (allowedTenants !== 'any') {
    if (conflict) return { admitted: false, status: 403, reason: `the activity names two tenants: ${conflict}`, tenantId };
    if (!tenantId) return { admitted: false, status: 403, reason: 'the activity names no tenant, and this bot serves only configured tenants' };
    if (!allowedTenants.includes(tenantId)) return { admitted: false, status: 403, reason: `tenant ${tenantId} is not served by this bot (ALLOWED_TENANTS)`, tenantId };
  }
  const refused = serviceUrlAllowed(activity.serviceUrl);
  if (refused) return { admitted: false, status: 403, reason: `serviceUrl not allowed: ${refused}`, tenantId };
  return { admitted: true, tenantId };
}
