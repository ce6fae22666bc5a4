import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fieldError } from '../../../common/itemErrors';
import { jsonParameter } from '../../../common/parameters';
import { perItem } from '../../../common/perItem';
import { authorizeChannel as authorize } from '../../protocol/channelAuthorization';
import { isEncryptedChannel, isPresenceChannel } from '../../protocol/channels';
import { validateUserId, validateUserInfo } from '../../protocol/validation';
import { credentialSettings } from '../common/credentialSettings';
import { authRequest } from './authRequest';

/** Authorization → Authorize Channel: the `{auth, channel_data?, shared_secret?}` pusher-js expects. */
export async function authorizeChannel(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { key, secret, encryptionMasterKey } = await credentialSettings(this);
	return await perItem(this, items, async (itemIndex) => {
		const { socketId, channel } = authRequest(this, itemIndex, true);
		let presenceData: Record<string, unknown> | undefined;
		if (isPresenceChannel(channel)) {
			const userId = String(this.getNodeParameter('presenceMember.userId', itemIndex, '')).trim();
			const problem = validateUserId(userId);
			if (problem) {
				throw fieldError(
					this,
					itemIndex,
					'Presence Channel Member',
					`${problem}, and presence channel "${channel}" needs one`,
					'Add Presence Channel Member → User ID, usually from an expression over the request (a session header or cookie)',
				);
			}
			const userInfo = jsonParameter(this, 'presenceMember.userInfo', itemIndex, 'User Info');
			const hasInfo = userInfo && typeof userInfo === 'object' && Object.keys(userInfo).length > 0;
			const infoProblem = hasInfo ? validateUserInfo(userInfo) : undefined;
			if (infoProblem) {
				throw fieldError(this, itemIndex, 'User Info', infoProblem, 'Keep Presence Channel Member → User Info to what other members need to see, under 1 KB of JSON');
			}
			presenceData = { user_id: userId, ...(hasInfo ? { user_info: userInfo } : {}) };
		}
		if (isEncryptedChannel(channel) && !encryptionMasterKey) {
			throw fieldError(
				this,
				itemIndex,
				'Channel',
				`Channel "${channel}" is end-to-end encrypted, and the credential has no Encryption Master Key`,
				'Add the Encryption Master Key the app encrypts with to the Pusher credential',
			);
		}
		return { ...authorize({ key, secret, socketId, channel, presenceData, encryptionMasterKey }) };
	});
}
