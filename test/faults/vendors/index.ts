/** The four vendor adapters, in the order the tables list them. */
import type { Vendor } from './types';
import { domo } from './domo';
import { garmat } from './garmat';
import { luzmo } from './luzmo';
import { opsramp } from './opsramp';

export const VENDORS: Vendor[] = [luzmo, domo, opsramp, garmat] as unknown as Vendor[];

export type { RunSettings, StartOptions, Vendor, VendorId, VendorRun } from './types';
