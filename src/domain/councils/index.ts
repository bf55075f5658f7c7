/** Council scoping: which council a record belongs to, and what is held for each council. */
export { CouncilDataIndex, DATA_KINDS, type DataKind } from './council-data-index.js';
export {
  councilIdOf,
  councilOfPerson,
  councilsHolding,
  councilsMentioned,
  heldData,
  holdsData,
  notHeldSentence,
  resolveCouncil,
  type HeldData,
  type RecordRef,
} from './council-scope.js';
