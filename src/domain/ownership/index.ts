/** Who owns what across actions, committee follow-ups and reports. */
export { OwnershipIndex, type OwnedItem, type OwnershipSources } from './ownership-index.js';
export { ownedBy, ownersAcross, type OwnerReference, type OwnerSummary } from './ownership-queries.js';
