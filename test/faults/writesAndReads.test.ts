/**
 * The fault table, part 1: faults on each operation's write (item 0's: lost answers before and
 * after the vendor acted, held answers, a server that keeps failing, refusals) and on its reads
 * (5xx, resets, held answers, the vendor's 429, refusals), for every operation of every vendor.
 */
import { READ_CASES } from './cases/reads';
import { WRITE_CASES } from './cases/writes';
import { faultTable } from './suite';

faultTable('writesAndReads', [...WRITE_CASES, ...READ_CASES]);
