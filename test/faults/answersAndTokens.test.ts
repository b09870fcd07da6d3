/**
 * The fault table, part 2: 429 storms (each way of announcing the wait, the sandbox's own rate
 * limiter, one that never ends), error answers of every kind (plain text, empty, broken JSON, one
 * quoting the request's secrets) and token faults, for every operation of every vendor.
 */
import { ANSWER_CASES } from './cases/answers';
import { TOKEN_CASES } from './cases/tokens';
import { faultTable } from './suite';

faultTable('answersAndTokens', [...ANSWER_CASES, ...TOKEN_CASES]);
