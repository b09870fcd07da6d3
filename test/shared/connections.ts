/**
 * Counting connection attempts without timing them: Node publishes every HTTP request a client
 * starts on the `http.client.request.start` diagnostics channel (https included), whether or not a
 * connection is ever made, so a request to a port nobody listens on is counted too.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import net from 'node:net';

interface StartedRequest {
	request: { host?: string; getHeader?(name: string): unknown };
}

/** Counts the HTTP requests this process starts to `port` on 127.0.0.1, until stop(). */
export function attemptsTo(port: number): { count(): number; stop(): void } {
	let count = 0;
	const onStart = (message: unknown) => {
		const host = String((message as StartedRequest).request?.getHeader?.('host') ?? '');
		if (host === `127.0.0.1:${port}`) count += 1;
	};
	diagnosticsChannel.subscribe('http.client.request.start', onStart);
	return { count: () => count, stop: () => diagnosticsChannel.unsubscribe('http.client.request.start', onStart) };
}

/** A port on 127.0.0.1 that refuses connections: one just released by a server that listened on it. */
export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
