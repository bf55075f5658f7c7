/**
 * The feature modules wired into the running bot. A feature adds itself here (one line).
 */
import type { FeatureModule } from './app.js';
import { committeeFeature } from './jobs/committee-feature.js';
import { chatPlanImportFeature } from './import/chat-import.js';
import { moderngovFeature } from './import/moderngov/feature.js';
import { digestFeature } from './jobs/digest-job.js';
import { proactiveFeature } from './teams/proactive-feature.js';
import { quarterlyRoundsFeature } from './rounds/feature.js';
import { updatesFeature } from './updates/feature.js';
import { welcomeFeature } from './teams/welcome-feature.js';

export function featureModules(): FeatureModule[] {
  return [proactiveFeature(), digestFeature(), updatesFeature, welcomeFeature(), committeeFeature(), chatPlanImportFeature(), moderngovFeature(), quarterlyRoundsFeature()];
}
