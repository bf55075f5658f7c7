/** Performance measures: number reading, the snapshot index and the questions asked of them. */
export { findMeasureNumbers, measureNumberKey, measureStemKey, parseMeasureNumber, type MeasureNumber } from './measure-number.js';
export { MeasureIndex } from './measure-index.js';
export {
  BENCHMARK_WORDS,
  TRAJECTORY_WORDS,
  measureByNumber,
  measurePriorities,
  measureSensitivity,
  measuresMatching,
  resolveMeasurePriority,
  type MeasureFilter,
  type MeasureLookup,
  type MeasurePriority,
} from './measure-queries.js';
