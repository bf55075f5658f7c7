/**
 * The feature modules wired into the running bot. A feature adds itself here (one line).
 */
import type { FeatureModule } from '../app.js';
import { committeeFeature } from './call-in/index.js';
import { chatPlanImportFeature } from './imports/chat-import.js';
import { moderngovFeature } from './imports/moderngov/refresh-service.js';
import { digestFeature } from './digest/digest-service.js';
import { proactiveFeature } from '../outbound/index.js';
import { quarterlyRoundsFeature } from './rounds/index.js';
import { updatesFeature } from './updates/index.js';
import { welcomeFeature } from './welcome/index.js';

export function featureModules(): FeatureModule[] {
  return [proactiveFeature(), digestFeature(), updatesFeature, welcomeFeature(), committeeFeature(), chatPlanImportFeature(), moderngovFeature(), quarterlyRoundsFeature()];
}
