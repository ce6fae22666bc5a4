import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { perItem } from '../../../common/perItem';
import { beamsToken } from '../../protocol/token';
import { beamsCredential, onField } from '../common';

/** User → Generate Token: `{ token }` for each item's user, as a Beams client's token provider expects it. */
export async function generateToken(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { instanceId, primaryKey } = await beamsCredential(this);
	return await perItem(this, items, async (itemIndex) => {
		const value = this.getNodeParameter('userId', itemIndex, '') as unknown;
		const userId = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
		return onField(this, itemIndex, () => beamsToken({ instanceId, primaryKey, userId }));
	});
}
