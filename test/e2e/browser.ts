import type { Demo } from './bringUp';

export async function browserChecks(_demo: Demo): Promise<void> {
	throw new Error('not written yet');
}
