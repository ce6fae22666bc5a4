import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { authorizeChannel as authorize } from '../../protocol/channelAuthorization';
import { isPresenceChannel } from '../../protocol/channels';
import { validateUserId } from '../../protocol/validation';
import { credentialSettings } from '../common/credentialSettings';
import { jsonParameter } from '../../../common/parameters';
import { fieldError } from '../../../common/itemErrors';
import { perItem } from '../../../common/perItem';
import { authRequest } from './authRequest';

/** Authorization → Authorize Channel: the `{auth, channel_data?, shared_secret?}` pusher-js expects. */
export async function authorizeChannel(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { key, secret, encryptionMasterKey } = await credentialSettings(this);
	return await perItem(this, items, async (itemIndex) => {
		const { socketId, channel } = authRequest(this, itemIndex, true);
		let presenceData: Record<string, unknown> | undefined;
		if (isPresenceChannel(channel)) {
			const userId = String(this.getNodeParameter('presenceUserId', itemIndex, '')).trim();
			const problem = validateUserId(userId);
			if (problem) throw fieldError(this, itemIndex, 'Presence User ID', `${problem}; presence channels need one`);
			const userInfo = jsonParameter(this, 'presenceUserInfo', itemIndex, 'Presence User Info');
			const hasInfo = userInfo && typeof userInfo === 'object' && Object.keys(userInfo).length > 0;
			presenceData = { user_id: userId, ...(hasInfo ? { user_info: userInfo } : {}) };
		}
		try {
			return { ...authorize({ key, secret, socketId, channel, presenceData, encryptionMasterKey }) };
		} catch (error) {
			throw fieldError(this, itemIndex, 'Channel', (error as Error).message);
		}
	});
}
