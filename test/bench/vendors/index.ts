import { domo } from './domo';
import { garmat } from './garmat';
import { luzmo } from './luzmo';
import { opsramp } from './opsramp';
import type { VendorName, VendorProfile } from './profile';

export * from './profile';
export { OPSRAMP_TENANT } from './opsramp';

export const PROFILES: Record<VendorName, VendorProfile> = { luzmo, domo, opsramp, garmat };
