/** Recommendations made to councils and the actions that answer them. */
export { RecommendationIndex } from './recommendation-index.js';
export {
  actionsAnswering,
  isRecommendationOpen,
  recommendationById,
  recommendationSensitivity,
  recommendationsAnsweredBy,
  recommendationsMatching,
  resolveRecommendationTheme,
  type RecommendationFilter,
  type RecommendationState,
  type RecommendationView,
} from './recommendation-queries.js';
