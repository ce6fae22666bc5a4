import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { jsonParameter } from '../../../common/parameters';
import { rawPayloads, simplePayloads, type Platform, type PlatformPayloads } from '../../protocol/content';

/** The platform blocks an item's Content parameters describe (Simple or Raw JSON). */
export function readPayloads(ctx: IExecuteFunctions, itemIndex: number): PlatformPayloads {
	if (ctx.getNodeParameter('contentMode', itemIndex, 'simple') === 'raw') {
		return rawPayloads(jsonParameter(ctx, 'payload', itemIndex, 'Payload', undefined));
	}
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
	const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
	return simplePayloads({
		title: text(ctx.getNodeParameter('title', itemIndex, '')),
		body: text(ctx.getNodeParameter('body', itemIndex, '')),
		platforms: ctx.getNodeParameter('platforms', itemIndex, []) as Platform[],
		deepLink: text(extra.deepLink),
		icon: text(extra.icon),
		data: extra.data === undefined ? undefined : jsonParameter(ctx, 'additionalFields.data', itemIndex, 'Data'),
		androidClickAction: text(extra.androidClickAction),
		androidIcon: text(extra.androidIcon),
		iosSound: text(extra.iosSound),
		iosBadge: number(extra.iosBadge),
		webHideIfSiteHasFocus: extra.webHideIfSiteHasFocus === true,
		webTimeToLive: number(extra.webTimeToLive),
	});
}
