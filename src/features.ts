/**
 * The feature modules wired into the running bot. A feature adds itself here (one line).
 */
import type { FeatureModule } from './app.js';

export function featureModules(): FeatureModule[] {
  return [];
}
