/** Every fault case, in the order the closing table lists them. */
import type { FaultCase } from '../case';
import { ANSWER_CASES } from './answers';
import { READ_CASES } from './reads';
import { TOKEN_CASES } from './tokens';
import { WRITE_CASES } from './writes';

export const CASES: FaultCase[] = [...WRITE_CASES, ...READ_CASES, ...ANSWER_CASES, ...TOKEN_CASES];
