import { InitialSchema1795412132739 } from './1795412132739-InitialSchema';
import { Recommendations1795413259582 } from './1795413259582-Recommendations';
import { FollowUpsNotificationsIndicators1795430267795 } from './1795430267795-FollowUpsNotificationsIndicators';
import { SavedViews1795434853205 } from './1795434853205-SavedViews';
import { SavedReports1795439778181 } from './1795439778181-SavedReports';
import { ListIndexes1795443414056 } from './1795443414056-ListIndexes';

// Every migration, in order. `npm run migration:generate -- migrations/Name` writes a new file here:
// review it, then add it to this list (a unit test fails when a file in this folder is missing here).
export const MIGRATIONS: Function[] = [InitialSchema1795412132739, Recommendations1795413259582, FollowUpsNotificationsIndicators1795430267795, SavedViews1795434853205, SavedReports1795439778181, ListIndexes1795443414056];
