/**
 * Joins two open sockets into one stream each way: what one sends the other
 * gets; a side that closes ends the other once what it sent has been passed
 * on; an error on either destroys both.
 */
export function splice(a, b) {
	a.pipe(b);
	b.pipe(a);
	const destroy = () => {
		a.destroy();
		b.destroy();
	};
	a.on('error', destroy);
	b.on('error', destroy);
	a.on('close', () => b.end());
	b.on('close', () => a.end());
}
