import { SendLedger } from '../../nodes/common/sendLedger';

const refusal = () => new Error('Pusher answered 403 to trigger "e"');

describe('SendLedger', () => {
	it('stops only without Continue On Fail, and only once something failed', () => {
		const strict = new SendLedger([0, 1, 2], false);
		const lenient = new SendLedger([0, 1, 2], true);
		for (const ledger of [strict, lenient]) {
			ledger.sent([0]);
			expect(ledger.stopped).toBe(false);
			ledger.failed([1], refusal());
		}
		expect(strict.stopped).toBe(true);
		expect(lenient.stopped).toBe(false);
		expect(lenient.failure()).toBeUndefined();
	});

	it('reports the first failed item, and what became of every other one', () => {
		const ledger = new SendLedger([0, 1, 2, 3, 5, 6, 7, 8, 9, 10], false);
		const late = refusal();
		ledger.failed([7], late);
		const first = refusal();
		ledger.failed([3], first);
		ledger.sent([0, 1, 2, 5, 8]);
		expect(ledger.failure()).toEqual({ itemIndex: 3, error: first });
		expect(first.message).toBe('Pusher answered 403 to trigger "e" (items 0-2, 5 and 8 were sent; item 7 failed as well; items 6, 9 and 10 were not sent)');
		// Asking again does not say it twice.
		expect(ledger.failure()?.error.message).toBe(first.message);
	});

	it('names a batch once, by its first item, and says when nothing else was sent', () => {
		const ledger = new SendLedger([0, 1, 2, 3], false);
		const batch = refusal();
		ledger.failed([0, 1], batch);
		expect(ledger.failure()).toEqual({ itemIndex: 0, error: batch });
		expect(batch.message).toBe('Pusher answered 403 to trigger "e" (no other item was sent; items 2 and 3 were not sent)');
	});

	it('adds nothing when the failed request carried every item', () => {
		const ledger = new SendLedger([4], false);
		const only = refusal();
		ledger.failed([4], only);
		expect(ledger.failure()?.error.message).toBe('Pusher answered 403 to trigger "e"');
	});
});
