import path from 'node:path';

import { CACHE } from '../e2e/stack';

/** One user folder per process, as on separate machines: each has the package installed. */
export const QUEUE_HOMES = {
	main: path.join(CACHE, 'queue-main-home'),
	workerA: path.join(CACHE, 'queue-worker-a-home'),
	workerB: path.join(CACHE, 'queue-worker-b-home'),
};
